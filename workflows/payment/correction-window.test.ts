import { describe, expect, it } from 'vitest';
import { correctionRoute, financialYearStart } from './correction-window';

describe('correction window (90 days in the same financial year, else until 30 April)', () => {
  it('allows a revision within 90 days in the same financial year', () => {
    expect(correctionRoute('2026-05-01T10:00:00+05:30', '2026-07-30T10:00:00+05:30', 90)).toEqual({ route: 'REVISED' });
  });

  it('needs a fresh original PI after 90 days in the same financial year', () => {
    const decision = correctionRoute('2026-05-01T10:00:00+05:30', '2026-08-01T10:00:00+05:30', 90);
    expect(decision).toMatchObject({ route: 'ORIGINAL' });
  });

  it('allows a revision in April of the next financial year, even past 90 days', () => {
    expect(correctionRoute('2025-12-01T10:00:00+05:30', '2026-04-30T23:59:00+05:30', 90)).toEqual({ route: 'REVISED' });
  });

  it('needs a fresh original PI from 1 May of the next financial year', () => {
    expect(correctionRoute('2026-03-20T10:00:00+05:30', '2026-05-01T00:00:00+05:30', 90)).toMatchObject({
      route: 'ORIGINAL',
    });
  });

  it('judges financial years in IST, not UTC', () => {
    // 31 March 2026 20:00 UTC is already 1 April 01:30 IST: financial year 2026-27.
    expect(financialYearStart(Date.parse('2026-03-31T20:00:00Z'))).toBe(2026);
    expect(financialYearStart(Date.parse('2026-03-31T18:00:00Z'))).toBe(2025);
  });

  it('never allows a revision two financial years later', () => {
    expect(correctionRoute('2024-06-01T10:00:00+05:30', '2026-04-10T10:00:00+05:30', 90)).toMatchObject({
      route: 'ORIGINAL',
    });
  });
});
