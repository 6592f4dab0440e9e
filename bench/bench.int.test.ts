import { describe, expect, it } from 'vitest';
import { runLatency } from './latency';
import { WORKER_TUNING } from './tuning';
import { runScale } from './scale';
import { runThroughput } from './throughput';

// The benchmark's smoke run: the same code as `npm run bench`, at sizes that fit the test suite.
// It checks that every part runs end to end and reports sane figures, not how fast this machine is.
describe('benchmark smoke run (npm run bench --quick, smaller)', () => {
  it('measures throughput against the bare-Temporal floor', async () => {
    const t = await runThroughput(6, { workerEnv: WORKER_TUNING, workers: 1 });
    expect(t.payments).toBe(6);
    expect(t.paymentsPerSecond).toBeGreaterThan(0);
    expect(t.floor.paymentsPerSecond).toBeGreaterThan(0);
    expect(t.submitToPaidMs.n).toBe(6);
    // One call per stage and no more: PI, PIS, PAG, PD (zero treasury delay, nothing to retry).
    expect(t.treasuryCallsPerPayment).toBe(4);
    expect(t.historyEventsPerPayment).toBeGreaterThan(20);
    // What PostgreSQL did: every payment commits read-model rows in the app database.
    expect(t.postgres.perPayment.app!.commits).toBeGreaterThan(1);
  }, 300_000);

  it('sees treasury changes sooner than the legacy cron schedules would', async () => {
    const l = await runLatency(4, 7_200, { workerEnv: WORKER_TUNING, workers: 1 });
    // Every PI's payment seen, whether it landed in office hours or after closing.
    expect(l.platform.lagHours.disbursement.n + l.platform.hoursAfterOpening.disbursement.n).toBe(4);
    // The worker ran the calendar plans: SSU signing polled in office hours only, not round the clock.
    expect(l.platform.policy).toMatch(/^calendar/);
    expect(l.platform.treasuryCallsByService.PIS).toBeGreaterThan(0);
    expect(l.platform.lagHours.disbursement.p50).toBeLessThan(l.cronModel.lagHours.disbursement.p50);
    expect(l.platform.lagHours.advice.p50).toBeLessThan(l.cronModel.lagHours.advice.p50);
    // Five policies and the cron model, each a (calls, lag) point.
    expect(l.curve.points.length).toBeGreaterThanOrEqual(6);
    expect(l.curve.points.every((p) => p.treasuryCallsPerPi > 0)).toBe(true);
  }, 300_000);

  it('measures payments in flight and drains them once the treasury releases them', async () => {
    const s = await runScale([4, 8], { workerEnv: WORKER_TUNING, workers: 2 });
    expect(s.points.map((p) => p.inFlight)).toEqual([4, 8]);
    expect(s.points.every((p) => p.drainSeconds > 0 && p.temporalStoreMb > 0)).toBe(true);
  }, 300_000);
});
