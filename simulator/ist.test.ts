import { describe, expect, it } from 'vitest';
import { formatIstDate, formatIstDateTime, istFinancialYear, parseIst } from './ist';

describe('IST dates', () => {
  it('formats instants in India Standard Time', () => {
    const t = Date.UTC(2023, 4, 25, 19, 0, 0); // 2023-05-26 00:30 IST
    expect(formatIstDate(t)).toBe('2023-05-26');
    expect(formatIstDateTime(t)).toBe('2023-05-26 00:30:00');
  });

  it('parses both wire formats as IST and round-trips', () => {
    expect(parseIst('2023-05-26 00:30:00')).toBe(Date.UTC(2023, 4, 25, 19, 0, 0));
    expect(parseIst('2023-05-26')).toBe(Date.UTC(2023, 4, 25, 18, 30, 0));
    expect(formatIstDateTime(parseIst('2024-02-29 23:59:59')!)).toBe('2024-02-29 23:59:59');
  });

  it('rejects malformed and impossible dates', () => {
    for (const bad of ['2023-02-30', '2023-13-01', '2023-05-26 24:00:00', '26-05-2023', '', '2023-05-26T']) {
      expect(parseIst(bad), bad).toBeUndefined();
    }
  });

  it('names the Indian financial year by its starting year', () => {
    expect(istFinancialYear(parseIst('2023-05-29')!)).toBe('2023');
    expect(istFinancialYear(parseIst('2024-03-31 23:59:59')!)).toBe('2023');
    expect(istFinancialYear(parseIst('2024-04-01')!)).toBe('2024');
  });
});
