import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM under a key ring: the current key seals, every key in the ring (current and retired)
 * opens. One primitive for everything the platform encrypts itself (Temporal payloads, PII columns,
 * treasury request logs, the shared session row), so API, workers and scripts agree on the format:
 * `version(1) | iv(12) | tag(16) | ciphertext`, the key id kept beside it by the caller. Callers bind
 * each value to where it belongs (tenant, row, column) as additional authenticated data, so a value
 * moved elsewhere fails authentication like any other tampering.
 */
export interface SecretKey {
  id: string;
  key: Buffer;
}

export type DecryptFailure = 'unknown_key' | 'authentication_failed' | 'malformed';

export class DecryptError extends Error {
  override readonly name: string = 'DecryptError';
  constructor(
    readonly reason: DecryptFailure,
    readonly keyId: string,
    /** The variable that lists retired keys, named in the message so an operator knows what to add. */
    oldKeysVariable = 'the old keys variable',
  ) {
    super(
      reason === 'unknown_key'
        ? `key id "${keyId}" is not in the key ring (add it to ${oldKeysVariable})`
        : reason === 'authentication_failed'
          ? `cannot decrypt with key id "${keyId}": the configured key is wrong or the value was tampered with`
          : `stored value is not a version-1 AES-GCM blob`,
    );
  }
}

export interface KeyRing {
  readonly currentKeyId: string;
  has(keyId: string): boolean;
  seal(plaintext: Buffer, aad: string): Buffer;
  open(blob: Buffer, keyId: string, aad: string): Buffer;
}

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;
export const KEY_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export function createKeyRing(current: SecretKey, previous: SecretKey[] = [], oldKeysVariable?: string): KeyRing {
  const ring = new Map<string, Buffer>();
  for (const k of [current, ...previous]) {
    if (!KEY_ID_PATTERN.test(k.id)) throw new Error(`key id "${k.id}" must be 1-64 of [A-Za-z0-9._-]`);
    if (k.key.length !== 32) throw new Error(`key "${k.id}" must be 32 bytes, got ${k.key.length}`);
    const known = ring.get(k.id);
    if (known && !known.equals(k.key)) throw new Error(`key id "${k.id}" is configured twice with different keys`);
    ring.set(k.id, k.key);
  }
  const fail = (reason: DecryptFailure, keyId: string) => new DecryptError(reason, keyId, oldKeysVariable);

  return {
    currentKeyId: current.id,
    has: (keyId) => ring.has(keyId),
    seal(plaintext, aad) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return Buffer.concat([Buffer.of(VERSION), iv, cipher.getAuthTag(), ciphertext]);
    },
    open(blob, keyId, aad) {
      const key = ring.get(keyId);
      if (!key) throw fail('unknown_key', keyId);
      if (blob.length < HEADER_BYTES || blob[0] !== VERSION) throw fail('malformed', keyId);
      const iv = blob.subarray(1, 1 + IV_BYTES);
      const tag = blob.subarray(1 + IV_BYTES, HEADER_BYTES);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAAD(Buffer.from(aad, 'utf8'));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(blob.subarray(HEADER_BYTES)), decipher.final()]);
      } catch {
        throw fail('authentication_failed', keyId);
      }
    },
  };
}
