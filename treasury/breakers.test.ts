import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { BreakerState } from '../contracts/treasury';
import { createBreakers, type Breakers } from './breakers';
import { TreasuryBreakerOpenError, TreasuryHttpError, TreasuryTransportError } from './errors';

class Neutral extends Error {}

describe('per-service breakers', () => {
  let breakers: Breakers;
  const changes: Array<[string, BreakerState]> = [];
  const make = () =>
    (breakers = createBreakers({
      failureThreshold: 3,
      resetTimeoutMs: 80,
      trialWaitMs: 1_000,
      isAnswer: (err) => err instanceof TreasuryHttpError && err.status < 500,
      isNeutral: (err) => err instanceof Neutral,
      onStateChange: (serviceId, state) => changes.push([serviceId, state]),
    }));
  afterEach(() => {
    breakers?.shutdown();
    changes.length = 0;
  });

  const fail = () => Promise.reject(new TreasuryTransportError('reset', 'PIS'));
  const ok = () => Promise.resolve('ok');
  const attempt = (b: Breakers, action: () => Promise<string>) => b.run('PIS', action).catch((e: unknown) => e);

  it('opens after N consecutive failures, then fails fast with the time to half-open', async () => {
    const b = make();
    for (let i = 0; i < 3; i++) expect(await attempt(b, fail)).toBeInstanceOf(TreasuryTransportError);
    expect(b.states().PIS).toBe('open');
    expect(b.states().PI).toBe('closed');
    let called = false;
    const rejected = await attempt(b, () => {
      called = true;
      return ok();
    });
    expect(called).toBe(false);
    expect(rejected).toBeInstanceOf(TreasuryBreakerOpenError);
    expect((rejected as TreasuryBreakerOpenError).retryAfterMs).toBeGreaterThan(0);
    expect((rejected as TreasuryBreakerOpenError).retryAfterMs).toBeLessThanOrEqual(80);
  });

  it('half-opens after resetTimeout; one success closes it, one failure reopens it', async () => {
    const b = make();
    for (let i = 0; i < 3; i++) await attempt(b, fail);
    await sleep(100);
    expect(b.states().PIS).toBe('half_open');
    expect(await attempt(b, fail)).toBeInstanceOf(TreasuryTransportError);
    expect(b.states().PIS).toBe('open');
    await sleep(100);
    expect(await attempt(b, ok)).toBe('ok');
    expect(b.states().PIS).toBe('closed');
    expect(changes.filter(([s]) => s === 'PIS').map(([, st]) => st)).toEqual([
      'closed',
      'open',
      'half_open',
      'open',
      'half_open',
      'closed',
    ]);
  });

  it('counts consecutive failures only: a success or a treasury answer resets the streak', async () => {
    const b = make();
    await attempt(b, fail);
    await attempt(b, fail);
    await attempt(b, ok);
    await attempt(b, fail);
    await attempt(b, fail);
    await attempt(b, () => Promise.reject(new TreasuryHttpError('PIS', 400)));
    await attempt(b, fail);
    await attempt(b, fail);
    expect(b.states().PIS).toBe('closed');
  });

  it('ignores neutral errors (our database, a cancelled caller)', async () => {
    const b = make();
    await attempt(b, fail);
    await attempt(b, fail);
    await attempt(b, () => Promise.reject(new Neutral()));
    expect(b.states().PIS).toBe('closed');
    await attempt(b, fail);
    expect(b.states().PIS).toBe('open');
  });
});
