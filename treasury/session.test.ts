import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { TreasurySessionStoreError } from './errors';
import { createSessionManager } from './session';
import { createMemorySessionStore, type SessionStore } from './session-store';

function fakeTreasury() {
  let issued = 0;
  return {
    get handshakes() {
      return issued;
    },
    handshake: async () => {
      issued += 1;
      await sleep(5); // long enough for every concurrent caller to pile up behind it
      return { authToken: `token-${issued}`, sek: Buffer.alloc(32, issued) };
    },
  };
}

function manager(store: SessionStore, treasury: ReturnType<typeof fakeTreasury>, clock = { t: 1_000_000 }) {
  return createSessionManager({
    store,
    handshake: treasury.handshake,
    ttlMs: 60_000,
    refreshMarginMs: 5_000,
    now: () => clock.t,
  });
}

describe('session manager', () => {
  it('20 concurrent first calls share one handshake', async () => {
    const treasury = fakeTreasury();
    const sessions = manager(createMemorySessionStore(), treasury);
    const got = await Promise.all(Array.from({ length: 20 }, () => sessions.current()));
    expect(treasury.handshakes).toBe(1);
    expect(new Set(got.map((s) => s.authToken))).toEqual(new Set(['token-1']));
  });

  it('20 concurrent stale reports lead to exactly one re-authentication', async () => {
    const treasury = fakeTreasury();
    const sessions = manager(createMemorySessionStore(), treasury);
    const stale = await sessions.current();
    const renewed = await Promise.all(Array.from({ length: 20 }, () => sessions.replace(stale)));
    expect(treasury.handshakes).toBe(2);
    expect(new Set(renewed.map((s) => s.authToken))).toEqual(new Set(['token-2']));
    // A late report about the old session does not trigger another handshake.
    await sessions.replace(stale);
    expect(treasury.handshakes).toBe(2);
  });

  it('renews proactively inside the margin before the TTL, not before', async () => {
    const clock = { t: 1_000_000 };
    const treasury = fakeTreasury();
    const sessions = manager(createMemorySessionStore(), treasury, clock);
    await sessions.current();
    clock.t += 54_999;
    expect((await sessions.current()).authToken).toBe('token-1');
    clock.t += 1;
    expect((await sessions.current()).authToken).toBe('token-2');
  });

  it('a second process adopts the stored session instead of authenticating', async () => {
    const store = createMemorySessionStore();
    const treasury = fakeTreasury();
    const a = manager(store, treasury);
    const b = manager(store, treasury);
    await Promise.all([
      ...Array.from({ length: 10 }, () => a.current()),
      ...Array.from({ length: 10 }, () => b.current()),
    ]);
    expect(treasury.handshakes).toBe(1);
  });

  it('two processes told the session is stale do one handshake between them', async () => {
    const store = createMemorySessionStore();
    const treasury = fakeTreasury();
    const a = manager(store, treasury);
    const b = manager(store, treasury);
    const stale = await a.current();
    await b.current();
    const renewed = await Promise.all([
      ...Array.from({ length: 10 }, () => a.replace(stale)),
      ...Array.from({ length: 10 }, () => b.replace(stale)),
    ]);
    expect(treasury.handshakes).toBe(2);
    expect(new Set(renewed.map((s) => s.authToken)).size).toBe(1);
  });

  it('a store failure is a typed session-store error', async () => {
    const broken: SessionStore = {
      load: () => Promise.reject(new Error('connection terminated')),
      refresh: () => Promise.reject(new Error('connection terminated')),
    };
    const sessions = manager(broken, fakeTreasury());
    await expect(sessions.current()).rejects.toBeInstanceOf(TreasurySessionStoreError);
    // The failed refresh is not cached: the next call tries again.
    await expect(sessions.current()).rejects.toBeInstanceOf(TreasurySessionStoreError);
  });
});
