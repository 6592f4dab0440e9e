import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from './clock';
import { ADVERSARIAL_DIALECT, Dialect, officeTimeSpan } from './dialect';
import { parseIst } from './ist';
import { startSimulator, type RunningSimulator } from './server';
import { piParams } from './testing/builders';
import { authenticate, callService, type RawSession } from './testing/raw-client';
import { TEST_DELAYS, TEST_START, testTreasury } from './testing/state';

describe('treasury dialects (state)', () => {
  it('words a duplicate the way the dialect says, with its code', () => {
    const { call } = testTreasury({ dialect: new Dialect(ADVERSARIAL_DIALECT) });
    const p = piParams();
    call('PI', p);
    expect(call('PI', p).errorMsgs).toEqual([
      { errorCode: '399', errorMsg: `JIT Bill No ${p.jitBillNo} is already exists in JIT-FS` },
    ]);
  });

  it('answers PIS for an unknown bill exactly like an unsigned one when told to', () => {
    const same = testTreasury({ dialect: new Dialect({ pisUnknownBill: 'same-as-unsigned' }) });
    const p = piParams();
    same.call('PI', p);
    const unsigned = same.call('PIS', { jitBillNo: p.jitBillNo });
    expect(same.call('PIS', { jitBillNo: 'NEVER-SENT' })).toEqual(unsigned);
    expect(testTreasury().call('PIS', { jitBillNo: 'NEVER-SENT' }).errorMsg).toMatch(/No payment instruction/);
  });

  it('draws SSU signing times from the distribution, compressed', () => {
    const { clock, call } = testTreasury({
      dialect: new Dialect({ ssuSigning: { minMs: 60_000, maxMs: 600_000, compression: 10 } }),
    });
    const p = piParams();
    call('PI', p);
    clock.advance(5_999);
    expect(call('PIS', { jitBillNo: p.jitBillNo }).data).toEqual([]);
    clock.advance(60_001);
    expect(call('PIS', { jitBillNo: p.jitBillNo }).data).toHaveLength(1);
  });

  it('counts signing time in IST office hours', () => {
    const fridayEvening = parseIst('2026-11-27 17:00:00')!;
    // One hour left on Friday, the second on Monday from 10:00.
    expect(fridayEvening + officeTimeSpan(fridayEvening, 2 * 3_600_000)).toBe(parseIst('2026-11-30 11:00:00'));
    const sundayNight = parseIst('2026-11-29 23:00:00')!;
    expect(sundayNight + officeTimeSpan(sundayNight, 60_000)).toBe(parseIst('2026-11-30 10:01:00'));
  });

  it('loses the first answer per number, then answers normally', () => {
    const d = new Dialect({ lostAnswers: { firstPerNumber: true } });
    expect([d.losesAnswer('A'), d.losesAnswer('A'), d.losesAnswer('B')]).toEqual([true, false, true]);
  });

  it('refuses an invalid dialect', () => {
    expect(() => new Dialect({ lostAnswers: { rate: 2 } })).toThrow();
    expect(() => new Dialect({ wording: 'x' } as never)).toThrow();
  });
});

describe('treasury dialects (HTTP)', () => {
  let sim: RunningSimulator;
  let session: RawSession;
  beforeAll(async () => {
    sim = await startSimulator({ clock: new ManualClock(TEST_START), delays: TEST_DELAYS });
    session = await authenticate(sim.url, sim.publicKeyPem);
  });
  afterAll(() => sim.close());
  const setDialect = (body: unknown) =>
    fetch(sim.url + '/admin/dialect', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('cuts the connection after committing a PI, and refuses the re-send as a duplicate', async () => {
    expect((await setDialect(ADVERSARIAL_DIALECT)).status).toBe(200);
    const params = piParams({ jitBillNo: 'LOST-1' });
    await expect(callService(sim.url, session, { serviceId: 'PI', params })).rejects.toThrow();
    expect(sim.state.paymentInstruction('LOST-1')).toBeDefined();
    const again = await callService(sim.url, session, { serviceId: 'PI', params });
    expect(again.envelope?.errorMsgs?.[0]?.errorCode).toBe('399');
  });

  it('answers polls with HTTP 400 or a transient errorMsg on 200 at the configured rates', async () => {
    await setDialect({ pollClientErrorRate: 1 });
    expect((await callService(sim.url, session, { serviceId: 'PIS', params: { jitBillNo: 'X' } })).status).toBe(400);
    await setDialect({ transientErrorMsgRate: 1 });
    const transient = await callService(sim.url, session, { serviceId: 'PIS', params: { jitBillNo: 'X' } });
    expect(transient.status).toBe(200);
    expect(transient.envelope?.errorMsg).toMatch(/try again/);
    expect((await setDialect({ pollClientErrorRate: 0.8, transientErrorMsgRate: 0.5 })).status).toBe(400);
    expect((await fetch(sim.url + '/admin/dialect', { method: 'DELETE' })).status).toBe(200);
  });
});
