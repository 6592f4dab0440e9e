import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for our own data at rest (treasury request/error logs, the shared session row). Each
 * value is stored as one blob `version(1) | iv(12) | tag(16) | ciphertext` with the key id in its own
 * column, so rotating the current key leaves old rows readable through the key ring. The caller binds
 * every value to where it lives (row id and column) as additional authenticated data: a ciphertext
 * copied into another row or column fails authentication like any other tampering.
 */
export interface AuditKey {
  id: string;
  key: Buffer;
}

export type AuditDecryptFailure = 'unknown_key' | 'authentication_failed' | 'malformed';

export class AuditDecryptError extends Error {
  override readonly name = 'AuditDecryptError';
  constructor(
    readonly reason: AuditDecryptFailure,
    readonly keyId: string,
  ) {
    super(
      reason === 'unknown_key'
        ? `key id "${keyId}" is not in the key ring (add it to AUDIT_LOG_OLD_KEYS)`
        : reason === 'authentication_failed'
          ? `cannot decrypt with key id "${keyId}": the configured key is wrong or the value was tampered with`
          : `stored value is not a version-1 AES-GCM blob`,
    );
  }
}

export interface AuditCipher {
  readonly currentKeyId: string;
  encrypt(plaintext: string, aad: string): Buffer;
  decrypt(blob: Buffer, keyId: string, aad: string): string;
}

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;

export function createAuditCipher(current: AuditKey, previous: AuditKey[] = []): AuditCipher {
  const ring = new Map<string, Buffer>();
  for (const k of [current, ...previous]) {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(k.id)) throw new Error(`audit key id "${k.id}" must be 1-64 of [A-Za-z0-9._-]`);
    if (k.key.length !== 32) throw new Error(`audit key "${k.id}" must be 32 bytes, got ${k.key.length}`);
    const known = ring.get(k.id);
    if (known && !known.equals(k.key))
      throw new Error(`audit key id "${k.id}" is configured twice with different keys`);
    ring.set(k.id, k.key);
  }
  const currentKey = current.key;

  return {
    currentKeyId: current.id,
    encrypt(plaintext, aad) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', currentKey, iv);
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.of(VERSION), iv, cipher.getAuthTag(), ciphertext]);
    },
    decrypt(blob, keyId, aad) {
      const key = ring.get(keyId);
      if (!key) throw new AuditDecryptError('unknown_key', keyId);
      if (blob.length < HEADER_BYTES || blob[0] !== VERSION) throw new AuditDecryptError('malformed', keyId);
      const iv = blob.subarray(1, 1 + IV_BYTES);
      const tag = blob.subarray(1 + IV_BYTES, HEADER_BYTES);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAAD(Buffer.from(aad, 'utf8'));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(blob.subarray(HEADER_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new AuditDecryptError('authentication_failed', keyId);
      }
    },
  };
}
