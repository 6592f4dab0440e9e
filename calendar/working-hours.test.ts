import { describe, expect, it } from 'vitest';
import { ist, ODISHA_2026 } from './odisha-2026';
import {
  addOfficeTime,
  currentOrNextOfficeHours,
  istDate,
  treasuryCalendarSchema,
  workingDaysBetween,
} from './working-hours';

const MINUTE = 60_000;

describe('the treasury working calendar', () => {
  it('opens weekdays 10:00–18:00 IST and Saturdays till 14:00; not on Sundays or holidays', () => {
    expect(currentOrNextOfficeHours(ODISHA_2026, ist('2026-05-04 09:00'))).toEqual({
      start: ist('2026-05-04 10:00'),
      end: ist('2026-05-04 18:00'),
    });
    // Friday 1 May is a holiday: the next window is Saturday's half day.
    expect(currentOrNextOfficeHours(ODISHA_2026, ist('2026-04-30 18:30'))).toEqual({
      start: ist('2026-05-02 10:00'),
      end: ist('2026-05-02 14:00'),
    });
    expect(currentOrNextOfficeHours(ODISHA_2026, ist('2026-05-02 15:00')).start).toBe(ist('2026-05-04 10:00'));
  });

  it('tells the IST date, not the UTC one, just after midnight', () => {
    expect(istDate(ist('2026-04-01 00:10'))).toBe('2026-04-01');
  });

  it('adds office time across closing, the weekend and a holiday', () => {
    // Thursday 17:00 + 3 office hours: 1 h Thursday, Friday is a holiday, 2 h on Saturday.
    expect(addOfficeTime(ODISHA_2026, ist('2026-04-30 17:00'), 180 * MINUTE)).toBe(ist('2026-05-02 12:00'));
  });

  it('counts the working days a wait has spanned', () => {
    expect(workingDaysBetween(ODISHA_2026, ist('2026-05-04 11:00'), ist('2026-05-04 17:00'))).toBe(0);
    expect(workingDaysBetween(ODISHA_2026, ist('2026-05-04 11:00'), ist('2026-05-05 09:00'))).toBe(0);
    expect(workingDaysBetween(ODISHA_2026, ist('2026-05-04 11:00'), ist('2026-05-05 10:30'))).toBe(1);
    // Thursday to Monday over the Friday holiday: Saturday and Monday.
    expect(workingDaysBetween(ODISHA_2026, ist('2026-04-30 11:00'), ist('2026-05-04 12:00'))).toBe(2);
  });

  it('refuses a calendar file it cannot trust', () => {
    const bad = { name: 'x', weekday: { open: '18:00', close: '10:00' }, saturday: null, holidays: [] };
    expect(() => treasuryCalendarSchema.parse(bad)).toThrow(/close must be after open/);
    expect(() => treasuryCalendarSchema.parse({ ...bad, weekday: { open: '9', close: '17:00' } })).toThrow(/HH:MM/);
    expect(() =>
      treasuryCalendarSchema.parse({ ...bad, weekday: { open: '10:00', close: '18:00' }, holidays: ['1 May'] }),
    ).toThrow();
  });
});
