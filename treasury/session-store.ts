import type { Knex } from 'knex';
import { z } from 'zod';
import type { AuditCipher } from '../security/audit-cipher';

export const SESSION_TABLE = 'treasury_sessions';

/** A treasury session: what every service call needs. Lives in memory and, encrypted, in PostgreSQL. */
export interface TreasurySession {
  authToken: string;
  sek: Buffer;
  issuedAt: number;
  expiresAt: number;
}

/**
 * The fleet-wide copy of the session. `refresh` runs `decide` while holding a lock that every worker
 * process takes for the same client id, so at most one of them performs a handshake at a time; the
 * others find its result when they get the lock.
 */
export interface SessionStore {
  /** The stored session, or null when there is none or it cannot be read (e.g. after a key change). */
  load(): Promise<TreasurySession | null>;
  refresh(
    decide: (stored: TreasurySession | null) => Promise<{ session: TreasurySession; save: boolean }>,
  ): Promise<TreasurySession>;
}

const storedSessionSchema = z.object({
  authToken: z.string().min(1),
  sek: z.string().min(1),
  issuedAt: z.number(),
  expiresAt: z.number(),
});

interface SessionRow {
  session_ciphertext: Buffer;
  key_id: string;
}

/**
 * PostgreSQL store: one row per client id, `{authToken, sek}` sealed with AES-256-GCM under the
 * session key (bound to the client id by AAD), timestamps in clear for operators. The lock is a
 * transaction-scoped advisory lock, released by commit or rollback even if this process dies.
 */
export function createPgSessionStore(deps: {
  db: Knex;
  cipher: AuditCipher;
  clientId: string;
  /** Longest wait for another process's handshake before giving up (then the call is retried). */
  lockTimeoutMs: number;
}): SessionStore {
  const { db, cipher, clientId } = deps;
  const aad = `${SESSION_TABLE}:${clientId}`;

  const read = async (q: Knex | Knex.Transaction): Promise<TreasurySession | null> => {
    const row = await q(SESSION_TABLE)
      .where({ client_id: clientId })
      .first<SessionRow | undefined>('session_ciphertext', 'key_id');
    if (!row) return null;
    try {
      const sealed = storedSessionSchema.parse(JSON.parse(cipher.decrypt(row.session_ciphertext, row.key_id, aad)));
      return { ...sealed, sek: Buffer.from(sealed.sek, 'base64') };
    } catch {
      // Written under a key we no longer hold, or damaged: as good as no session; a handshake replaces it.
      return null;
    }
  };

  const write = async (trx: Knex.Transaction, s: TreasurySession) => {
    const sealed = cipher.encrypt(
      JSON.stringify({
        authToken: s.authToken,
        sek: s.sek.toString('base64'),
        issuedAt: s.issuedAt,
        expiresAt: s.expiresAt,
      }),
      aad,
    );
    await trx(SESSION_TABLE)
      .insert({
        client_id: clientId,
        session_ciphertext: sealed,
        key_id: cipher.currentKeyId,
        issued_at: new Date(s.issuedAt),
        expires_at: new Date(s.expiresAt),
        updated_at: db.fn.now(),
      })
      .onConflict('client_id')
      .merge();
  };

  return {
    load: () => read(db),
    refresh: (decide) =>
      db.transaction(async (trx) => {
        await trx.raw(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(deps.lockTimeoutMs))}`);
        await trx.raw('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [`treasury-session:${clientId}`]);
        const { session, save } = await decide(await read(trx));
        if (save) await write(trx, session);
        return session;
      }),
  };
}

/** For unit tests and single-process tools: the same contract, in memory, with a promise-chain lock. */
export function createMemorySessionStore(): SessionStore & { stored: TreasurySession | null } {
  let lock: Promise<unknown> = Promise.resolve();
  const store = {
    stored: null as TreasurySession | null,
    load: () => Promise.resolve(store.stored),
    refresh: (decide: Parameters<SessionStore['refresh']>[0]) => {
      const run = lock.then(async () => {
        const { session, save } = await decide(store.stored);
        if (save) store.stored = session;
        return session;
      });
      lock = run.catch(() => undefined);
      return run;
    },
  };
  return store;
}
