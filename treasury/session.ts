import { TreasurySessionError, TreasurySessionStoreError, TreasuryError } from './errors';
import type { SessionStore, TreasurySession } from './session-store';

export interface SessionManagerOptions {
  store: SessionStore;
  /** Performs the appKey/SEK handshake and returns the new credentials. */
  handshake: () => Promise<{ authToken: string; sek: Buffer }>;
  /** How long a session is trusted after issue (`TREASURY_SESSION_TTL_MS`). */
  ttlMs: number;
  /** Refresh this long before `ttlMs` runs out, so no call goes out on a session about to lapse. */
  refreshMarginMs: number;
  now?: () => number;
  /** Told where each session came from, for metrics. */
  onSession?: (source: 'handshake' | 'shared') => void;
}

export interface SessionManager {
  /** A session that is not about to expire; refreshes first if needed (proactive). */
  current(): Promise<TreasurySession>;
  /** After the treasury called `stale` invalid: a different, fresh session (reactive). */
  replace(stale: TreasurySession): Promise<TreasurySession>;
}

/**
 * One session for every concurrent call in this process, one refresh in flight at a time (the rest
 * await the same promise), and one handshake for the whole fleet: before authenticating we look in
 * PostgreSQL, and again under the advisory lock, for a session another process already obtained.
 * The legacy adapter shared unsynchronised fields, so concurrent calls could pair a token with the
 * wrong SEK; here a session is one immutable object, swapped whole.
 */
export function createSessionManager(options: SessionManagerOptions): SessionManager {
  const now = options.now ?? Date.now;
  // Never let the margin eat the whole lifetime (short TTLs in tests).
  const margin = Math.min(options.refreshMarginMs, Math.floor(options.ttlMs / 4));
  let held: TreasurySession | null = null;
  let inflight: Promise<TreasurySession> | null = null;

  const isFresh = (s: TreasurySession | null): s is TreasurySession => !!s && now() < s.expiresAt - margin;
  const usable = (s: TreasurySession | null, stale?: TreasurySession): s is TreasurySession =>
    isFresh(s) && (!stale || s.authToken !== stale.authToken);

  const obtain = async (stale?: TreasurySession): Promise<TreasurySession> => {
    const shared = await loadShared();
    if (usable(shared, stale)) {
      options.onSession?.('shared');
      return shared;
    }
    return guardStore(() =>
      options.store.refresh(async (stored) => {
        // Re-read under the lock: another process may have authenticated while we waited for it.
        if (usable(stored, stale)) {
          options.onSession?.('shared');
          return { session: stored, save: false };
        }
        // Timed from before the request: the treasury's clock for this session started no later than that.
        const issuedAt = now();
        const { authToken, sek } = await options.handshake();
        options.onSession?.('handshake');
        return { session: { authToken, sek, issuedAt, expiresAt: issuedAt + options.ttlMs }, save: true };
      }),
    );
  };

  const loadShared = () => guardStore(() => options.store.load());

  const refresh = (stale?: TreasurySession): Promise<TreasurySession> => {
    inflight ??= obtain(stale)
      .then((s) => (held = s))
      .finally(() => {
        inflight = null;
      });
    return inflight;
  };

  return {
    async current() {
      return isFresh(held) ? held : refresh();
    },
    async replace(stale) {
      if (usable(held, stale)) return held;
      let next = await refresh(stale);
      // We may have joined a refresh that started before this session was called stale and that
      // adopted that very session from the store; then refresh once more, now knowing it is stale.
      if (next.authToken === stale.authToken) next = await refresh(stale);
      if (next.authToken === stale.authToken) throw new TreasurySessionError('could not obtain a new session', 'AUTH');
      return next;
    },
  };
}

/** Database trouble while sharing the session is ours, not the treasury's: type it apart. */
async function guardStore<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof TreasuryError) throw err;
    throw new TreasurySessionStoreError(`shared session store failed: ${(err as Error).message}`, 'AUTH', {
      cause: err,
    });
  }
}
