import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { aesEcbDecrypt } from '../jit/crypto';
import { STALE_SESSION_MESSAGE } from '../jit/service-ids';
import { ManualClock } from './clock';
import { startSimulator, type RunningSimulator } from './server';
import { piParams } from './testing/builders';
import { authenticate, callService, type RawSession } from './testing/raw-client';
import { TEST_DELAYS, TEST_START } from './testing/state';

let sim: RunningSimulator;
let session: RawSession;
const clock = new ManualClock(TEST_START);
const pis = { serviceId: 'PIS', params: { jitBillNo: 'FAULT-0' } };

beforeAll(async () => {
  sim = await startSimulator({ clock, delays: TEST_DELAYS });
  session = await authenticate(sim.url, sim.publicKeyPem);
});
afterAll(() => sim.close());
afterEach(async () => {
  expect((await fetch(sim.url + '/admin/faults', { method: 'DELETE' })).status).toBe(200);
});

async function setFaults(config: Record<string, unknown>): Promise<Response> {
  return fetch(sim.url + '/admin/faults', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(config),
  });
}

const faultCount = async (kind: string) =>
  ((await (await fetch(sim.url + '/admin/received')).json()) as { faults: Record<string, number> }).faults[kind] ?? 0;

describe('faults on demand', () => {
  it('answers 500/502/503 without handling the request', async () => {
    expect((await setFaults({ error5xxRate: 1 })).status).toBe(200);
    const result = await callService(sim.url, session, {
      serviceId: 'PI',
      params: piParams({ jitBillNo: 'FAULT-5XX' }),
    });
    expect([500, 502, 503]).toContain(result.status);
    expect(sim.state.received.snapshot().PI['FAULT-5XX']).toBeUndefined();
    expect(await faultCount('error5xx')).toBe(1);
  });

  it('resets the connection', async () => {
    await setFaults({ resetRate: 1 });
    await expect(callService(sim.url, session, pis)).rejects.toThrow();
  });

  it('holds the socket without answering after handling the request (the answer is lost)', async () => {
    await setFaults({ timeoutRate: 1, timeoutHoldMs: 60_000 });
    const started = Date.now();
    const call = callService(
      sim.url,
      session,
      { serviceId: 'PI', params: piParams({ jitBillNo: 'FAULT-TIMEOUT' }) },
      {
        signal: AbortSignal.timeout(300),
      },
    );
    await expect(call).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    // The treasury did accept it: a retry is a duplicate.
    await fetch(sim.url + '/admin/faults', { method: 'DELETE' });
    const retry = await callService(sim.url, session, {
      serviceId: 'PI',
      params: piParams({ jitBillNo: 'FAULT-TIMEOUT' }),
    });
    expect(retry.envelope?.errorMsgs).toEqual([expect.objectContaining({ errorCode: 'DUPLICATE' })]);
    expect(sim.state.received.snapshot().PI['FAULT-TIMEOUT']).toBe(2);
  });

  it('gives up holding after timeoutHoldMs by closing the socket', async () => {
    await setFaults({ timeoutRate: 1, timeoutHoldMs: 100 });
    await expect(callService(sim.url, session, pis)).rejects.toThrow();
  });

  it('sends malformed, truncated and wrongly keyed bodies that do not decrypt with the REK', async () => {
    for (const kind of ['malformed', 'truncated', 'wrongKey']) {
      await setFaults({ [`${kind}Rate`]: 1 });
      const result = await callService(sim.url, session, pis);
      expect(result.status, kind).toBe(200);
      expect(result.envelope, kind).toBeUndefined();
      expect(result.text.length, kind).toBeGreaterThan(0);
      expect(await faultCount(kind)).toBeGreaterThanOrEqual(1);
    }
    await setFaults({ malformedRate: 1 });
    const garbage = (await callService(sim.url, session, pis)).text;
    expect(() => aesEcbDecrypt(Buffer.alloc(32), garbage)).toThrow();
  });

  it('adds latency', async () => {
    await setFaults({ latencyMs: 150 });
    const started = Date.now();
    expect((await callService(sim.url, session, pis)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('expires sessions periodically', async () => {
    await setFaults({ expireSessionsEveryMs: 1_000 });
    const s = await authenticate(sim.url, sim.publicKeyPem);
    expect((await callService(sim.url, s, pis)).status).toBe(200);
    clock.advance(1_000);
    expect((await callService(sim.url, s, pis)).text).toBe(STALE_SESSION_MESSAGE);
    session = await authenticate(sim.url, sim.publicKeyPem);
  });

  it('hits the handshake only when asked to', async () => {
    await setFaults({ error5xxRate: 1 });
    session = await authenticate(sim.url, sim.publicKeyPem);
    await setFaults({ error5xxRate: 1, applyToAuth: true });
    await expect(authenticate(sim.url, sim.publicKeyPem)).rejects.toThrow(/authenticate answered 50[023]/);
  });

  it('is deterministic for a seed', async () => {
    const run = async () => {
      await setFaults({ error5xxRate: 0.5, seed: 7 });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await callService(sim.url, session, pis)).status);
      return statuses;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(new Set(first).size).toBeGreaterThan(1);
  });

  it('validates the configuration and reports it', async () => {
    expect((await setFaults({ error5xxRate: 2 })).status).toBe(400);
    expect((await setFaults({ nonsense: 1 })).status).toBe(400);
    await setFaults({ latencyMs: 1 });
    expect(await (await fetch(sim.url + '/admin/faults')).json()).toMatchObject({ latencyMs: 1, error5xxRate: 0 });
  });
});

describe('closing', () => {
  it('closes promptly even while a socket is held', async () => {
    const other = await startSimulator({ faults: { timeoutRate: 1 } });
    const s = await authenticate(other.url, other.publicKeyPem);
    const pending = callService(other.url, s, pis).catch((err: unknown) => err);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await pending).toBeInstanceOf(Error);
  });
});
