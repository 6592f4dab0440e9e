import { createHmac } from 'node:crypto';
import { createKeyRing, DecryptError, type SecretKey } from './key-ring';

/**
 * Personal data in PostgreSQL columns (beneficiary name, account, IFSC, mobile, address), encrypted
 * by the application with its own key ring, so a database dump, a replica or a DBA's query shows
 * none of it. A sealed value is text, `pii1.<key id>.<base64>`, so it fits the existing text
 * columns and carries its key id: rows written before a rotation still open. Equality lookups
 * (the same account and IFSC) go through a keyed hash, the blind index, never the plaintext.
 */
export interface PiiKeys {
  current: SecretKey;
  old: SecretKey[];
  /** HMAC-SHA256 key of the blind index; separate from the encryption keys and never rotated silently. */
  indexKey: Buffer;
}

export interface FieldCipher {
  readonly currentKeyId: string;
  seal(value: string, aad: string): string;
  open(stored: string, aad: string): string;
  /** Keyed hash of normalised parts, for equality lookups without the plaintext. */
  blindIndex(...parts: string[]): string;
}

const PREFIX = 'pii1';

export function createFieldCipher(keys: PiiKeys): FieldCipher {
  const ring = createKeyRing(keys.current, keys.old, 'PII_OLD_KEYS');
  if (keys.indexKey.length !== 32) throw new Error('the PII index key must be 32 bytes');
  return {
    currentKeyId: ring.currentKeyId,
    seal: (value, aad) =>
      `${PREFIX}.${ring.currentKeyId}.${ring.seal(Buffer.from(value, 'utf8'), aad).toString('base64')}`,
    open(stored, aad) {
      const [prefix, keyId, body, extra] = stored.split('.');
      if (prefix !== PREFIX || !keyId || !body || extra !== undefined) {
        throw new DecryptError('malformed', keyId ?? '', 'PII_OLD_KEYS');
      }
      return ring.open(Buffer.from(body, 'base64'), keyId, aad).toString('utf8');
    },
    blindIndex: (...parts) =>
      createHmac('sha256', keys.indexKey)
        .update(parts.map((p) => p.trim().toUpperCase()).join('\u0000'))
        .digest('hex'),
  };
}
