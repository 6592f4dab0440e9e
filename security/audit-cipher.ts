import { createKeyRing, type SecretKey } from './key-ring';

/**
 * The treasury request/error logs and the shared session row, sealed with the platform's AES-256-GCM
 * key ring (`key-ring.ts`). Each value is one blob with its key id in its own column, bound
 * to where it lives (row id and column) as additional authenticated data.
 */
export type AuditKey = SecretKey;
export { DecryptError as AuditDecryptError, type DecryptFailure as AuditDecryptFailure } from './key-ring';

export interface AuditCipher {
  readonly currentKeyId: string;
  encrypt(plaintext: string, aad: string): Buffer;
  decrypt(blob: Buffer, keyId: string, aad: string): string;
}

export function createAuditCipher(current: AuditKey, previous: AuditKey[] = []): AuditCipher {
  const ring = createKeyRing(current, previous, 'AUDIT_LOG_OLD_KEYS');
  return {
    currentKeyId: ring.currentKeyId,
    encrypt: (plaintext, aad) => ring.seal(Buffer.from(plaintext, 'utf8'), aad),
    decrypt: (blob, keyId, aad) => ring.open(blob, keyId, aad).toString('utf8'),
  };
}
