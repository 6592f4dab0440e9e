import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock';
import { SessionStore } from './sessions';

describe('sessions', () => {
  it('expire after the TTL', () => {
    const clock = new ManualClock(1_000);
    const store = new SessionStore(clock, 500);
    const s = store.create('client');
    expect(s.sek).toHaveLength(32);
    clock.advance(499);
    expect(store.lookup(s.token)).toBe(s);
    clock.advance(1);
    expect(store.lookup(s.token)).toBeUndefined();
  });

  it('keep one live session per client id: a new handshake ends the previous one', () => {
    const store = new SessionStore(new ManualClock(0), 60_000);
    const first = store.create('client');
    const other = store.create('other-client');
    const second = store.create('client');
    expect(store.lookup(first.token)).toBeUndefined();
    expect(store.lookup(second.token)).toBe(second);
    expect(store.lookup(other.token)).toBe(other);
    expect(store.size).toBe(2);
  });

  it('can all be expired at once, and die at each forced rotation boundary', () => {
    const clock = new ManualClock(0);
    const store = new SessionStore(clock, 60_000);
    const a = store.create('a');
    expect(store.expireAll()).toBe(1);
    expect(store.lookup(a.token)).toBeUndefined();

    const rotation = { everyMs: 1_000, anchorMs: 0 };
    clock.set(1_200);
    const b = store.create('b');
    clock.set(1_999);
    expect(store.lookup(b.token, rotation)).toBe(b);
    clock.set(2_000);
    expect(store.lookup(b.token, rotation)).toBeUndefined();
    expect(store.lookup(undefined)).toBeUndefined();
  });
});
