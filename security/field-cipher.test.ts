import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFieldCipher } from './field-cipher';
import { maskTail } from './mask';

const key = (id: string) => ({ id, key: randomBytes(32) });

describe('PII column cipher', () => {
  it('seals to text without the plaintext, bound to its row and column, and opens after rotation', () => {
    const indexKey = randomBytes(32);
    const old = key('c1');
    const before = createFieldCipher({ current: old, old: [], indexKey });
    const sealed = before.seal('100000000011', 'pi_beneficiaries:account_number:PI/B-1/1:BN/B-1/1');
    expect(sealed).toMatch(/^pii1\.c1\.[A-Za-z0-9+/=]+$/);
    expect(sealed).not.toContain('100000000011');
    expect(() => before.open(sealed, 'pi_beneficiaries:account_number:PI/B-1/1:BN/B-1/2')).toThrow(/tampered/);
    const after = createFieldCipher({ current: key('c2'), old: [old], indexKey });
    expect(after.open(sealed, 'pi_beneficiaries:account_number:PI/B-1/1:BN/B-1/1')).toBe('100000000011');
    expect(after.seal('x', 'a')).toMatch(/^pii1\.c2\./);
    expect(() => after.open('100000000011', 'a')).toThrow(/not a version-1/);
  });

  it('gives equal blind indexes for equal account+IFSC under any encryption key, and different ones otherwise', () => {
    const indexKey = randomBytes(32);
    const a = createFieldCipher({ current: key('c1'), old: [], indexKey });
    const b = createFieldCipher({ current: key('c2'), old: [], indexKey });
    expect(a.blindIndex('100000000011', 'sbin0000041')).toBe(b.blindIndex('100000000011', 'SBIN0000041'));
    expect(a.blindIndex('100000000011', 'SBIN0000041')).not.toBe(a.blindIndex('100000000011', 'HDFC0001234'));
    const otherIndexKey = createFieldCipher({ current: key('c1'), old: [], indexKey: randomBytes(32) });
    expect(otherIndexKey.blindIndex('100000000011', 'SBIN0000041')).not.toBe(
      a.blindIndex('100000000011', 'SBIN0000041'),
    );
  });

  it('masks all but the last four characters', () => {
    expect(maskTail('100000000011')).toBe('XXXXXXXX0011');
    expect(maskTail('9437000011')).toBe('XXXXXX0011');
    expect(maskTail('123')).toBe('XXX');
    expect(maskTail(null)).toBeNull();
  });
});
