import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AuditDecryptError, createAuditCipher } from './audit-cipher';

const key = (id: string) => ({ id, key: randomBytes(32) });

describe('audit cipher (AES-256-GCM with a key ring)', () => {
  it('round-trips UTF-8 text, with a fresh IV every time', () => {
    const cipher = createAuditCipher(key('k1'));
    const text = JSON.stringify({ benefName: 'ବିଜୟ କୁମାର', amount: '250.50' });
    const a = cipher.encrypt(text, 'row-1:request');
    const b = cipher.encrypt(text, 'row-1:request');
    expect(a.equals(b)).toBe(false);
    expect(a.subarray(1, 13).equals(b.subarray(1, 13))).toBe(false);
    expect(cipher.decrypt(a, 'k1', 'row-1:request')).toBe(text);
    expect(a.includes(Buffer.from('250.50'))).toBe(false);
  });

  it('detects a flipped bit in the IV, the tag or the ciphertext', () => {
    const cipher = createAuditCipher(key('k1'));
    const blob = cipher.encrypt('{"benfAcctNo":"100000000001"}', 'r:request');
    for (const offset of [1, 13, 29, blob.length - 1]) {
      const tampered = Buffer.from(blob);
      tampered[offset] = (tampered[offset] as number) ^ 0x01;
      expect(() => cipher.decrypt(tampered, 'k1', 'r:request')).toThrow(
        expect.objectContaining({ reason: 'authentication_failed' }),
      );
    }
    expect(() => cipher.decrypt(blob.subarray(0, 20), 'k1', 'r:request')).toThrow(
      expect.objectContaining({ reason: 'malformed' }),
    );
  });

  it('refuses a ciphertext moved to another row or column (bound by AAD)', () => {
    const cipher = createAuditCipher(key('k1'));
    const blob = cipher.encrypt('secret', 'row-1:request');
    expect(() => cipher.decrypt(blob, 'k1', 'row-2:request')).toThrow(AuditDecryptError);
    expect(() => cipher.decrypt(blob, 'k1', 'row-1:response')).toThrow(AuditDecryptError);
  });

  it('reads rows written under a rotated-out key through the ring, and writes with the new one', () => {
    const old = key('2026-01');
    const before = createAuditCipher(old);
    const blob = before.encrypt('old row', 'r:request');
    const after = createAuditCipher(key('2026-06'), [old]);
    expect(after.currentKeyId).toBe('2026-06');
    expect(after.decrypt(blob, '2026-01', 'r:request')).toBe('old row');
    const fresh = after.encrypt('new row', 'r2:request');
    expect(() => before.decrypt(fresh, '2026-06', 'r2:request')).toThrow(
      expect.objectContaining({ reason: 'unknown_key' }),
    );
  });

  it('says clearly when the configured key for an id is wrong', () => {
    const blob = createAuditCipher(key('k1')).encrypt('x', 'r:request');
    const wrong = createAuditCipher(key('k1'));
    expect(() => wrong.decrypt(blob, 'k1', 'r:request')).toThrow(/configured key is wrong or the value was tampered/);
  });

  it('validates the ring', () => {
    expect(() => createAuditCipher({ id: 'k', key: randomBytes(16) })).toThrow(/32 bytes/);
    expect(() => createAuditCipher({ id: 'bad id', key: randomBytes(32) })).toThrow(/key id/);
    expect(() => createAuditCipher(key('k'), [key('k')])).toThrow(/twice/);
  });
});
