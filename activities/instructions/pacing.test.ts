import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { calendarStagePlanSchema } from '../../calendar/poll-plan';
import { ODISHA_2026, ist } from '../../calendar/odisha-2026';
import { TreasuryErrorType } from '../../contracts/treasury-errors';
import { compressedClock, realClock, type ModelClock } from '../../lib/model-clock';
import { pacedPoll } from './pacing';
import { notReady } from './treasury-call';

const MINUTE = 60_000;
const officeHoursEvery = (ms: number) =>
  calendarStagePlanSchema.parse({
    changesAt: 'office-hours',
    denseIntervalMs: ms,
    dailyBackoff: 1,
    maximumDenseIntervalMs: ms,
  });

const quiet = () => undefined;
const run = <R>(scheduledAt: number, call: () => Promise<R>) =>
  new MockActivityEnvironment(
    { scheduledTimestampMs: scheduledAt },
    { logger: { log: quiet, trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet } },
  ).run(call);

const fixedClock = (t: number): ModelClock => ({
  now: () => t,
  toModel: (r) => r,
  toRealDelay: (m) => m,
});
const failureOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (err: unknown) => err as ApplicationFailure,
  );

describe('pacedPoll', () => {
  it('hands a "not yet" after closing time back to the server, to retry a minute after the next opening', async () => {
    const friday7pm = ist('2026-05-08 19:00');
    const poll = pacedPoll({ calendar: ODISHA_2026, clock: fixedClock(friday7pm) }, () => {
      throw notReady('not signed yet');
    });
    const failure = await failureOf(run(friday7pm, () => poll({ pace: officeHoursEvery(4 * MINUTE) })));
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure!.type).toBe(TreasuryErrorType.NotReady);
    expect(failure!.category).toBe('BENIGN');
    // Saturday is a half day from 10:00 in the committed calendar; the server is asked for 2 s early.
    expect(failure!.nextRetryDelay).toBe(ist('2026-05-09 10:01') - friday7pm - 2_000);
  });

  it('in office hours retries at the dense interval', async () => {
    const monday11 = ist('2026-05-04 11:00');
    const poll = pacedPoll({ calendar: ODISHA_2026, clock: fixedClock(monday11) }, () => {
      throw notReady('not signed yet');
    });
    const failure = await failureOf(run(monday11, () => poll({ pace: officeHoursEvery(4 * MINUTE) })));
    expect(failure!.nextRetryDelay).toBe(4 * MINUTE - 2_000);
  });

  it('tells the next attempt when the plan wants it, and that attempt sleeps to then before it polls', async () => {
    const monday11 = ist('2026-05-04 11:00');
    const env = new MockActivityEnvironment({ scheduledTimestampMs: monday11 });
    const beats: unknown[] = [];
    env.on('heartbeat', (d: unknown) => beats.push(d));
    const poll = pacedPoll({ calendar: ODISHA_2026, clock: fixedClock(monday11) }, () => {
      throw notReady('not signed yet');
    });
    await failureOf(env.run(() => poll({ pace: officeHoursEvery(4 * MINUTE) })));
    expect(beats.at(-1)).toEqual({ dueAtModelMs: monday11 + 4 * MINUTE });

    // Woken 50 ms before it is due (on the wall clock): the attempt waits those 50 ms, then polls.
    const realNow = Date.now();
    const next = new MockActivityEnvironment({
      scheduledTimestampMs: realNow,
      heartbeatDetails: { dueAtModelMs: realNow + 50 },
    });
    const realPoll = pacedPoll({ calendar: ODISHA_2026, clock: realClock }, () => Promise.resolve(Date.now()));
    const polledAt: number = await next.run(() => realPoll({ pace: officeHoursEvery(4 * MINUTE) }));
    expect(polledAt - realNow).toBeGreaterThanOrEqual(45);
  });

  it('without a plan polls once and leaves the pace to the retry policy', async () => {
    let calls = 0;
    const poll = pacedPoll({ calendar: ODISHA_2026, clock: fixedClock(0) }, () => {
      calls++;
      throw notReady('not signed yet');
    });
    const failure = await failureOf(run(Date.now(), () => poll({})));
    expect(calls).toBe(1);
    expect(failure!.nextRetryDelay).toBeUndefined();
  });

  it('on a compressed clock sleeps sub-second waits in the attempt, one treasury call per model interval', async () => {
    // 6000×: a model minute is 10 real ms, so a 2-minute plan polls every 20 ms without the server.
    const realStart = Date.now();
    const clock = compressedClock({ modelOriginMs: ist('2026-05-04 11:00'), realOriginMs: realStart, scale: 6_000 });
    let calls = 0;
    const poll = pacedPoll({ calendar: ODISHA_2026, clock }, () => {
      calls++;
      if (clock.now() < ist('2026-05-04 11:30')) throw notReady('not signed yet');
      return Promise.resolve('APPROVED');
    });
    await expect(run(realStart, () => poll({ pace: officeHoursEvery(2 * MINUTE) }))).resolves.toBe('APPROVED');
    // 30 model minutes at one poll per 2 (timers only ever fire late, so never more than that).
    expect(calls).toBeGreaterThanOrEqual(8);
    expect(calls).toBeLessThanOrEqual(17);
  });

  it('passes every other failure straight through', async () => {
    const poll = pacedPoll({ calendar: ODISHA_2026, clock: fixedClock(0) }, () => {
      throw ApplicationFailure.create({ type: 'BusinessError', message: 'odd answer' });
    });
    const failure = await failureOf(run(0, () => poll({ pace: officeHoursEvery(4 * MINUTE) })));
    expect(failure!.type).toBe('BusinessError');
  });
});
