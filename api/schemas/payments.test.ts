import { describe, expect, it } from 'vitest';
import { requestHash } from '../payments/idempotency';
import { decodeCursor, encodeCursor } from '../payments/cursor';
import { validBillBody } from '../testing/bill-body';
import { billInput } from './payments';

const good = validBillBody('MUKTA/2026-27/000182');
const withPaise = (amountPaise: unknown) => ({ ...good, beneficiaries: [{ ...good.beneficiaries[0], amountPaise }] });

describe('bill input', () => {
  it('accepts an approved bill', () => {
    expect(billInput.safeParse(good).success).toBe(true);
  });

  it.each([
    ['fractional paise', withPaise(100.5)],
    ['negative paise', withPaise(-1)],
    ['zero paise', withPaise(0)],
    ['paise beyond 2^53', withPaise(2 ** 53)],
    ['paise as a string', withPaise('100')],
    ['an unknown field', { ...good, extra: 1 }],
    ['an unknown beneficiary field', { ...good, beneficiaries: [{ ...good.beneficiaries[0], pan: 'X' }] }],
    ['a lower-case IFSC', { ...good, beneficiaries: [{ ...good.beneficiaries[0], ifsc: 'sbin0000041' }] }],
    ['a short account', { ...good, beneficiaries: [{ ...good.beneficiaries[0], accountNumber: '12345678' }] }],
    ['no beneficiaries', { ...good, beneficiaries: [] }],
    [
      'a beneficiary without a mobile number',
      { ...good, beneficiaries: [{ ...good.beneficiaries[0], mobile: undefined }] },
    ],
    ['a bill number with a colon', { ...good, billNumber: 'A:B' }],
    [
      'a total beyond 2^53',
      { ...good, beneficiaries: [withPaise(2 ** 52).beneficiaries[0], withPaise(2 ** 52).beneficiaries[0]] },
    ],
  ])('refuses %s', (_what, body) => {
    expect(billInput.safeParse(body).success).toBe(false);
  });

  it('hashes the same content the same way whatever the key order', () => {
    const reordered = { beneficiaries: good.beneficiaries, billNumber: good.billNumber };
    expect(requestHash(reordered)).toBe(requestHash(good));
    expect(requestHash(withPaise(1))).not.toBe(requestHash(good));
  });

  it('round-trips cursors and refuses foreign ones', () => {
    const k = { at: '2026-05-10T04:30:00.123456Z', id: 'payment:t:b' };
    expect(decodeCursor(encodeCursor(k))).toEqual(k);
    expect(() => decodeCursor('bm90LWEtY3Vyc29y')).toThrow(/cursor/);
  });
});
