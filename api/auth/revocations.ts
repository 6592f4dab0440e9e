import type { Knex } from 'knex';
import { createHash } from 'node:crypto';

/** A session token's fingerprint: the cache and the revocation table key on it, never on the token. */
export const tokenFingerprint = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

/** Logged-out host tokens, shared by every API process through PostgreSQL. */
export interface RevocationStore {
  isRevoked(fingerprint: Buffer): Promise<boolean>;
  revoke(fingerprint: Buffer): Promise<void>;
}

/**
 * Rows older than the session timeout are pruned on each logout: no cache anywhere still trusts a
 * token past that age, and the host itself refuses a logged-out token.
 */
export function pgRevocationStore(db: Knex, sessionTimeoutMs: number): RevocationStore {
  return {
    async isRevoked(fingerprint) {
      const row: unknown = await db('host_token_revocations').where({ token_sha256: fingerprint }).first('revoked_at');
      return row !== undefined;
    },
    async revoke(fingerprint) {
      await db('host_token_revocations').insert({ token_sha256: fingerprint }).onConflict('token_sha256').ignore();
      await db('host_token_revocations')
        .where('revoked_at', '<', new Date(Date.now() - sessionTimeoutMs))
        .delete();
    },
  };
}
