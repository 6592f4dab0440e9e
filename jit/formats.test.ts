import { describe, expect, it } from 'vitest';
import {
  amountToPaise,
  financialYearOf,
  formatIstDate,
  formatIstDateTime,
  JitFormatError,
  paiseToAmount,
  toEpochMs,
} from './formats';

describe('IST dates', () => {
  it('formats epoch ms and ISO strings in IST, not UTC', () => {
    expect(formatIstDateTime(Date.UTC(2023, 4, 30, 10, 56, 42))).toBe('2023-05-30 16:26:42');
    expect(formatIstDateTime('2023-05-30T10:56:42Z')).toBe('2023-05-30 16:26:42');
    expect(formatIstDateTime('2023-05-30T16:26:42+05:30')).toBe('2023-05-30 16:26:42');
    expect(formatIstDate('2023-05-30T16:26:42.123+05:30')).toBe('2023-05-30');
  });

  it('00:00–05:29 IST is already the next day (the legacy UTC bug)', () => {
    // 2023-05-30 00:00:00 IST is 2023-05-29 18:30:00 UTC.
    expect(formatIstDate('2023-05-29T18:30:00Z')).toBe('2023-05-30');
    expect(formatIstDateTime('2023-05-29T18:30:00Z')).toBe('2023-05-30 00:00:00');
    // 05:29:59 IST is 23:59:59 UTC of the previous day.
    expect(formatIstDate('2023-05-29T23:59:59Z')).toBe('2023-05-30');
    expect(formatIstDateTime('2023-05-29T23:59:59Z')).toBe('2023-05-30 05:29:59');
    // One second before IST midnight is still the earlier day.
    expect(formatIstDate('2023-05-29T18:29:59Z')).toBe('2023-05-29');
    expect(formatIstDateTime('2023-05-29T18:29:59Z')).toBe('2023-05-29 23:59:59');
  });

  it('crosses year ends in IST', () => {
    expect(formatIstDateTime('2023-12-31T18:30:00Z')).toBe('2024-01-01 00:00:00');
  });

  it('refuses ISO strings without an offset, garbage and NaN', () => {
    for (const bad of ['2023-05-30T10:00:00', '2023-05-30', '30/05/2023', '', 'now']) {
      expect(() => toEpochMs(bad)).toThrow(JitFormatError);
    }
    expect(() => formatIstDate(Number.NaN)).toThrow(JitFormatError);
    expect(() => formatIstDate('2023-13-45T10:00:00Z')).toThrow(JitFormatError);
  });
});

describe('financial years (IST, April–March)', () => {
  it('31 March 23:59:59 IST is the old year, 1 April 00:00 IST the new one', () => {
    expect(financialYearOf('2024-03-31T23:59:59+05:30')).toEqual({
      startYear: 2023,
      label: '2023-24',
      treasuryFinYear: '2023',
    });
    expect(financialYearOf('2024-04-01T00:00:00+05:30')).toEqual({
      startYear: 2024,
      label: '2024-25',
      treasuryFinYear: '2024',
    });
  });

  it('judges the boundary in IST even when UTC is still on 31 March', () => {
    // 2024-03-31T18:30Z is 1 April 00:00 IST.
    expect(financialYearOf('2024-03-31T18:30:00Z').label).toBe('2024-25');
    expect(financialYearOf('2024-03-31T18:29:59Z').label).toBe('2023-24');
  });

  it('labels January in the year that started the previous April, and the century turn', () => {
    expect(financialYearOf('2024-01-15T12:00:00+05:30').label).toBe('2023-24');
    expect(financialYearOf('2099-06-01T00:00:00Z').label).toBe('2099-00');
  });
});

describe('money in paise', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [50, '0.50'],
    [123450, '1234.50'],
    [50000, '500.00'],
    [Number.MAX_SAFE_INTEGER, '90071992547409.91'],
  ])('%d paise → %s', (paise, text) => {
    expect(paiseToAmount(paise)).toBe(text);
    expect(amountToPaise(text)).toBe(paise);
  });

  it.each([
    ['500', 50000],
    ['250.5', 25050],
    ['250.50', 25050],
    [' 250.05 ', 25005],
    ['007', 700],
    ['0.1', 10],
  ])('parses treasury string %j', (text, paise) => {
    expect(amountToPaise(text)).toBe(paise);
  });

  it('round-trips every paise value in a range without drift', () => {
    for (let p = 0; p < 20_000; p += 7) expect(amountToPaise(paiseToAmount(p))).toBe(p);
    // 0.1 + 0.2 style float traps: the sum is computed in paise, so it is exact.
    expect(paiseToAmount(amountToPaise('0.10') + amountToPaise('0.20'))).toBe('0.30');
  });

  it('refuses floats, negatives and unsafe integers when formatting', () => {
    for (const bad of [12.5, 0.1, -1, Number.NaN, Infinity, Number.MAX_SAFE_INTEGER + 1]) {
      expect(() => paiseToAmount(bad)).toThrow(JitFormatError);
    }
    expect(() => paiseToAmount('100' as unknown as number)).toThrow(JitFormatError);
  });

  it('refuses three decimals, signs, exponents and non-strings when parsing', () => {
    for (const bad of ['1.234', '-5', '+5', '1e3', '1,000', '', '.5', '5.', 'abc', '1.2.3', '99999999999999999']) {
      expect(() => amountToPaise(bad), bad).toThrow(JitFormatError);
    }
    expect(() => amountToPaise(250.5 as unknown as string)).toThrow(JitFormatError);
  });
});
