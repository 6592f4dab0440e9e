import { describe, expect, it } from 'vitest';
import { formatRupees, parseRupees } from './money';

describe('money', () => {
  it('parses rupee strings into integer paise without floating point', () => {
    expect(parseRupees('500')).toBe(50_000);
    expect(parseRupees('250.50')).toBe(25_050);
    expect(parseRupees('250.5')).toBe(25_050);
    expect(parseRupees('0.07')).toBe(7);
    expect(parseRupees(' 1000 ')).toBe(100_000);
    expect(parseRupees(1000.5)).toBe(100_050);
    // 0.1 + 0.2 style traps never happen: the digits are read as text.
    expect(parseRupees('10000000.29')).toBe(1_000_000_029);
  });

  it('rejects more than two decimals, signs, exponents and junk', () => {
    for (const bad of ['1.234', '-5', '+5', '1e3', '', '.5', '5.', 'abc', '1,000', 'NaN']) {
      expect(parseRupees(bad), bad).toBeUndefined();
    }
    expect(parseRupees(-1)).toBeUndefined();
    expect(parseRupees(1e21)).toBeUndefined();
  });

  it('formats whole rupees without decimals and the rest with two', () => {
    expect(formatRupees(50_000)).toBe('500');
    expect(formatRupees(25_050)).toBe('250.50');
    expect(formatRupees(7)).toBe('0.07');
    expect(formatRupees(0)).toBe('0');
    expect(() => formatRupees(1.5)).toThrow();
  });
});
