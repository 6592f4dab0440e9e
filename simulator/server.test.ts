import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aesEcbDecrypt, aesEcbEncrypt, generateAesKey, rsaOaepEncrypt } from '../jit/crypto';
import { JIT_PATHS, STALE_SESSION_MESSAGE } from '../jit/service-ids';
import { ManualClock } from './clock';
import { startSimulator, type RunningSimulator } from './server';
import { piParams } from './testing/builders';
import { authenticate, callService } from './testing/raw-client';
import { TEST_DELAYS, TEST_START } from './testing/state';

let sim: RunningSimulator;
const clock = new ManualClock(TEST_START);

beforeAll(async () => {
  sim = await startSimulator({ clock, delays: TEST_DELAYS, sessionTtlMs: 60_000 });
});
afterAll(() => sim.close());

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const credentials = { clientId: 'ifms-orchestrator-dev', clientSecret: 'dev-client-secret' };

function authRequest(headers: Record<string, string>, appKey: unknown) {
  return fetch(sim.url + JIT_PATHS.authenticate, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ appKey }),
  });
}

describe('health', () => {
  it('answers on / and /health', async () => {
    expect(await (await fetch(sim.url + '/health')).json()).toEqual({ status: 'ok' });
    const root = await fetch(sim.url + '/');
    expect(root.status).toBe(200);
    expect(await root.json()).toMatchObject({ status: 'ok' });
  });
});

describe('authenticate', () => {
  it('issues a token and a SEK encrypted under the appKey', async () => {
    const appKey = generateAesKey();
    const res = await authRequest(credentials, rsaOaepEncrypt(sim.publicKeyPem, appKey));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { authToken: string; sek: string };
    expect(Object.keys(body).sort()).toEqual(['authToken', 'sek']);
    expect(aesEcbDecrypt(appKey, body.sek)).toHaveLength(32);
  });

  it('refuses bad credentials with 401 and an undecryptable appKey with 400', async () => {
    const appKey = rsaOaepEncrypt(sim.publicKeyPem, generateAesKey());
    const wrong = await authRequest({ ...credentials, clientSecret: 'nope' }, appKey);
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'invalid client credentials' });
    expect((await authRequest({}, appKey)).status).toBe(401);
    expect((await authRequest(credentials, 'bm90IGFuIFJTQSBjaXBoZXJ0ZXh0')).status).toBe(400);
    expect((await authRequest(credentials, rsaOaepEncrypt(sim.publicKeyPem, Buffer.alloc(16)))).status).toBe(400);
    expect((await authRequest(credentials, undefined)).status).toBe(400);
  });
});

describe('service endpoint', () => {
  it('answers 200 text/plain, encrypted under the REK', async () => {
    const session = await authenticate(sim.url, sim.publicKeyPem);
    const result = await callService(sim.url, session, {
      serviceId: ' PI ',
      params: piParams({ jitBillNo: 'HTTP-1' }),
    });
    expect(result.status).toBe(200);
    expect(result.contentType).toMatch(/^text\/plain/);
    expect(result.envelope).toMatchObject({ serviceId: 'PI', errorMsg: null, data: [{ jitBillNo: 'HTTP-1' }] });
  });

  it('answers the stale-session error for an unknown token, a wrong key, or garbage ciphertext', async () => {
    const session = await authenticate(sim.url, sim.publicKeyPem);
    const payload = { serviceId: 'PIS', params: { jitBillNo: 'HTTP-1' } };
    const expectStale = async (res: Response) => {
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await res.text()).toBe(STALE_SESSION_MESSAGE);
    };
    await expectStale(await raw({ ...session, authToken: 'unknown' }, payload));
    await expectStale(await raw({ ...session, sek: generateAesKey() }, payload));
    const garbage = await fetch(sim.url + JIT_PATHS.service, {
      ...json({ params: 'AAAA', rek: aesEcbEncrypt(session.sek, generateAesKey()) }),
      headers: { 'content-type': 'application/json', authToken: session.authToken },
    });
    await expectStale(garbage);
    const noToken = await fetch(sim.url + JIT_PATHS.service, json({ params: 'x', rek: 'y' }));
    await expectStale(noToken);
    const notJson = await fetch(sim.url + JIT_PATHS.service, {
      method: 'POST',
      headers: { authToken: session.authToken },
      body: 'hello',
    });
    expect(notJson.status).toBe(400);
  });

  it('keeps one session per client: a new handshake invalidates the previous token', async () => {
    const first = await authenticate(sim.url, sim.publicKeyPem);
    const second = await authenticate(sim.url, sim.publicKeyPem);
    const payload = { serviceId: 'PIS', params: { jitBillNo: 'HTTP-1' } };
    expect((await callService(sim.url, first, payload)).status).toBe(401);
    expect((await callService(sim.url, second, payload)).status).toBe(200);
  });

  it('expires sessions after the TTL on the simulator clock, and on demand', async () => {
    const payload = { serviceId: 'PIS', params: { jitBillNo: 'HTTP-1' } };
    const session = await authenticate(sim.url, sim.publicKeyPem);
    clock.advance(59_999);
    expect((await callService(sim.url, session, payload)).status).toBe(200);
    clock.advance(1);
    expect((await callService(sim.url, session, payload)).text).toBe(STALE_SESSION_MESSAGE);
    const again = await authenticate(sim.url, sim.publicKeyPem);
    expect(await (await fetch(sim.url + '/admin/sessions/expire', { method: 'POST' })).json()).toEqual({ expired: 1 });
    expect((await callService(sim.url, again, payload)).status).toBe(401);
  });

  it('answers an unknown service id inside the envelope', async () => {
    const session = await authenticate(sim.url, sim.publicKeyPem);
    const result = await callService(sim.url, session, { serviceId: 'XYZ', params: {} });
    expect(result.envelope).toEqual({ serviceId: 'XYZ', errorMsg: 'Invalid serviceId XYZ', data: [] });
  });
});

describe('admin', () => {
  it('adds allotments that VA then reports, and validates them', async () => {
    const hoa = '221705789358641045908';
    const added = await fetch(
      sim.url + '/admin/allotments',
      json({ ddoCode: 'OLSHUD002', hoa, mstAllotmentDistId: '1202', type: 'Additional allotment', amount: '1000.50' }),
    );
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({ allotmentAmount: '1000.50', mstAllotmentDistId: '1202', ssuId: '1622' });
    const session = await authenticate(sim.url, sim.publicKeyPem);
    const va = await callService(sim.url, session, {
      serviceId: 'VA',
      params: { hoa, ddoCode: 'OLSHUD002', granteCode: 'GOHUDULBMPL0037', fromDate: '2026-11-01 00:00:00' },
    });
    expect(va.envelope?.data).toEqual([expect.objectContaining({ allotmentAmount: '1000.50' })]);
    expect(
      (await fetch(sim.url + '/admin/allotments', json({ ddoCode: 'OLSHUD002', hoa, amount: '1.234' }))).status,
    ).toBe(400);
    const unknownMaster = await fetch(sim.url + '/admin/allotments', json({ ddoCode: 'OLSHUD002', hoa, amount: '5' }));
    expect(unknownMaster.status).toBe(409);
  });

  it('fast-forwards the clock, forward only', async () => {
    const before = (await (await fetch(sim.url + '/admin/time')).json()) as { now: number };
    const after = (await (await fetch(sim.url + '/admin/time', json({ advanceMs: 5_000 }))).json()) as { now: number };
    expect(after.now - before.now).toBe(5_000);
    expect((await fetch(sim.url + '/admin/time', json({ offsetMs: 0 }))).status).toBe(409);
    expect((await fetch(sim.url + '/admin/time', json({ advanceMs: -1 }))).status).toBe(400);
  });

  it('rejects a bill on request (bill numbers URL-encoded) and shows its status', async () => {
    const session = await authenticate(sim.url, sim.publicKeyPem);
    const billNo = 'PI-1013/2026-27/000777';
    const encoded = encodeURIComponent(billNo);
    expect((await fetch(`${sim.url}/admin/pi/${encoded}/reject`, { method: 'POST' })).status).toBe(202);
    await callService(sim.url, session, { serviceId: 'PI', params: piParams({ jitBillNo: billNo }) });
    const view = await (await fetch(`${sim.url}/admin/pi/${encoded}`)).json();
    expect(view).toMatchObject({ jitBillNo: billNo, stage: 'AWAITING_SSU', rejected: true });
    await fetch(sim.url + '/admin/time', json({ advanceMs: TEST_DELAYS.ssuApprovalDelayMs }));
    const pis = await callService(sim.url, session, { serviceId: 'PIS', params: { jitBillNo: billNo } });
    expect(pis.envelope?.errorMsg).toBe(`This Bill Number ${billNo} is rejected by SSU angul_op`);
    expect((await fetch(`${sim.url}/admin/pi/${encodeURIComponent('HTTP-1')}/reject`, { method: 'POST' })).status).toBe(
      409,
    );
    expect((await fetch(`${sim.url}/admin/pi/nope`)).status).toBe(404);
  });

  it('reports what it received and can forget it', async () => {
    const received = (await (await fetch(sim.url + '/admin/received')).json()) as Record<string, unknown>;
    expect(received).toMatchObject({ PI: { 'HTTP-1': 1 }, byService: { PI: 2 } });
    expect(received.auth).toEqual(expect.any(Number));
    await fetch(sim.url + '/admin/received', { method: 'DELETE' });
    expect(await (await fetch(sim.url + '/admin/received')).json()).toEqual({
      PI: {},
      COR: {},
      auth: 0,
      byService: {},
      faults: {},
    });
  });
});

describe('keys', () => {
  it('generates a key pair into keyDir once and loads it on the next start', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sim-keys-'));
    try {
      const first = await startSimulator({ keyDir: dir });
      await first.close();
      const second = await startSimulator({ keyDir: dir });
      await second.close();
      expect(second.publicKeyPem).toBe(first.publicKeyPem);
      expect(await readFile(path.join(dir, 'treasury-public.pem'), 'utf8')).toBe(first.publicKeyPem);
      expect(first.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
      expect((await stat(path.join(dir, 'treasury-private.pem'))).mode & 0o077).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

async function raw(session: { authToken: string; sek: Buffer }, payload: unknown) {
  return fetch(sim.url + JIT_PATHS.service, {
    ...json({
      params: aesEcbEncrypt(session.sek, JSON.stringify(payload)),
      rek: aesEcbEncrypt(session.sek, generateAesKey()),
    }),
    headers: { 'content-type': 'application/json', authToken: session.authToken },
  });
}
