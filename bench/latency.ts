import type { Knex } from 'knex';
import { startPayment } from '../api/temporal/start-payment';
import { ist, ODISHA_2026 } from '../calendar/odisha-2026';
import { currentOrNextOfficeHours } from '../calendar/working-hours';
import { mergePolicy } from '../config/lifecycle-policy';
import { calendarFdSweepPlan, calendarLifecyclePolicy } from '../config/policies/calendar-policies';
import type { LifecyclePolicy, StagePolicy } from '../contracts';
import { originalPiNumber, PI_STATUSES_PAID } from '../contracts';
import { compressedClock, type CompressedClockSettings } from '../lib/model-clock';
import { ensureSchedules } from '../workers/schedules';
import { cronOutcome } from './cron-model';
import { latencyCurve } from './latency-curve';
import type { CurvePoint, CurveStage } from './poll-curve';
import { startBenchPlatform } from './lib/platform';
import { modelTimeline, sweepOnCalendar } from './lib/model-treasury';
import type { BenchRun } from './lib/run-options';
import { pool, progress } from './lib/progress';
import { round, summary } from './lib/stats';
import { billTotal, generateBills } from './lib/workload';
import { TIMING_MODEL } from './treasury-timing';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The model week starts at midnight before a Monday's opening, when the workers start (their start
 * takes model hours at a high time scale); bills are submitted in its first working hours.
 */
const MODEL_MONDAY_OPEN = ist('2026-05-04 10:00');
const MODEL_ORIGIN = ist('2026-05-04 00:00');
const LAST_SUBMISSION = ist('2026-05-04 16:30');
/** The platform's measured policy: the committed calendar plans (config/policies), SSU signing polled every 2 minutes. */
const MEASURED_POLICY = 'calendar, signing every 2 min (config/policies/calendar-*.json)';

/** PIs drawn for the lag-vs-calls curve: ten per PI run, at least 200. */
const curvePis = (pis: number) => Math.max(200, 10 * pis);

type Lags = Record<CurveStage, ReturnType<typeof summary>>;

export interface LatencyResult {
  timeScale: number;
  pis: number;
  calendar: string;
  /** The treasury's timing model each PI's stages were drawn from (bench/treasury-timing.ts). */
  timingModel: typeof TIMING_MODEL;
  platform: {
    policy: string;
    /** Change made while the treasury's office was open → recorded, in model hours (the 5-minute goal). */
    lagHours: Lags;
    /** Changes made while it was closed: from the office's next opening to recorded. */
    hoursAfterOpening: Lags;
    treasuryCallsPerPi: number;
    treasuryCallsByService: Record<string, number>;
  };
  cronModel: { lagHours: Lags; treasuryCallsPerPi: number };
  /**
   * Lag against calls for several poll policies and the cron model, on PIs drawn from the same
   * timing model and followed by the policies' own poll plans: computed, not run against the
   * platform (the measured figures are `platform` above).
   */
  curve: { pis: number; calendar: string; points: CurvePoint[] };
}

/**
 * The treasury's calendar lived through at `timeScale` × real time: each PI's SSU signing, advice,
 * disbursement and returns drawn from the timing model over IST office hours and batch runs; the
 * platform's worker polls by the calendar-aware plans on the same compressed clock, and the FD sweep
 * runs on its plan. The same traces are then seen by the legacy cron schedules (bench/cron-model.ts).
 */
export async function runLatency(pis: number, timeScale: number, run: BenchRun): Promise<LatencyResult> {
  const scaled = (ms: number) => Math.max(1, Math.round(ms / timeScale));
  const bills = generateBills(pis, 7, 5);
  const clock: CompressedClockSettings = { modelOriginMs: MODEL_ORIGIN, realOriginMs: Date.now(), scale: timeScale };
  const model = compressedClock(clock);
  const platform = await startBenchPlatform({
    label: 'latency',
    allottedPaise: bills.reduce((sum, b) => sum + billTotal(b), 0) + 1_00,
    simulator: { timeline: modelTimeline(ODISHA_2026, clock) },
    workerEnv: run.workerEnv,
    engine: run.engine,
  });
  try {
    // The clock starts with the workers; the simulator's timeline reads the same settings.
    clock.realOriginMs = Date.now();
    await Promise.all(
      Array.from({ length: run.workers }, () =>
        platform.startProcess('workers/main.ts', { MODEL_CLOCK: JSON.stringify(clock) }),
      ),
    );
    await ensureSchedules(platform.client, {
      taskQueue: platform.taskQueue,
      fundsSyncEveryMs: scaled(DAY),
      // The interval run is a backstop; the calendar sweep below is what sees returns.
      failureSweepEveryMs: scaled(DAY),
      fundsSyncScope: { tenantIds: [platform.tenant.tenantId] },
    });
    const stopSweeps = sweepOnCalendar(platform.client, ODISHA_2026, calendarFdSweepPlan(), clock);
    const policy = compressedPolicy(calendarLifecyclePolicy(), timeScale);
    // Submitted through the first working day from when the platform is up (its start takes model hours).
    await waitUntil(model, MODEL_MONDAY_OPEN);
    const firstAt = model.now();
    const span = Math.max(0, LAST_SUBMISSION - firstAt);
    if (span === 0) throw new Error('the platform took the whole model day to start: lower the time scale');
    const submittedAt = new Map<string, number>();
    await pool(bills, 8, async (beneficiaries, i) => {
      await waitUntil(model, firstAt + (span * i) / Math.max(1, pis - 1));
      const billNumber = `L-${i}`;
      submittedAt.set(billNumber, model.now());
      await startPayment(
        platform.client,
        {
          tenantId: platform.tenant.tenantId,
          billNumber,
          beneficiaries,
          submittedAt: new Date().toISOString(),
          submittedBy: 'bench',
          policy,
        },
        platform.taskQueue,
      );
    });
    const withReturns = bills.filter((b) => b.some((x) => x.accountNumber.endsWith('999'))).length;
    await followToTheEnd(platform.db, platform.tenant.tenantId, pis, withReturns, Date.now() + scaled(21 * DAY));
    await stopSweeps();

    const openedBy = (t: number) => Math.max(t, currentOrNextOfficeHours(ODISHA_2026, t).start);
    const lags = stageLags(openedBy);
    const cronLags = stageLags(() => Number.NEGATIVE_INFINITY);
    let cronCalls = 0;
    for (const [billNumber, submitted] of submittedAt) {
      const piNumber = originalPiNumber(platform.tenant.tenantId, billNumber, 1);
      const pi = platform.simulator.state.paymentInstruction(piNumber);
      if (!pi) throw new Error(`the treasury never received ${piNumber}`);
      const recorded = await recordedAt(platform.db, piNumber);
      const m = (realMs: number) => model.toModel(realMs);
      const lastPaid = Math.max(...pi.beneficiaries.map((b) => b.paidAt ?? pi.disbursedAt));
      const returned = pi.beneficiaries.find((b) => b.returned)?.returned;
      const changes: Record<CurveStage, [number, number | undefined] | undefined> = {
        approval: [pi.approvalAt, recorded.APPROVED],
        advice: [pi.adviceAt, recorded.IN_PROCESS],
        disbursement: [lastPaid, recorded.PAID],
        returns: returned && [returned.visibleAt, recorded.RETURNS],
      };
      for (const [stage, change] of Object.entries(changes) as Array<[CurveStage, typeof changes.approval]>) {
        if (!change) continue;
        if (change[1] === undefined) throw new Error(`${piNumber}: ${stage} never recorded`);
        lags.record(stage, m(change[0]), m(change[1]));
      }
      const cron = cronOutcome(submitted, {
        approvalMs: m(pi.approvalAt) - submitted,
        adviceMs: (pi.adviceAt - pi.approvalAt) * timeScale,
        disbursementMs: (lastPaid - pi.adviceAt) * timeScale,
        returnMs: returned ? (returned.visibleAt - lastPaid) * timeScale : undefined,
      });
      for (const stage of Object.keys(cron.lagMs) as CurveStage[]) {
        const lag = cron.lagMs[stage];
        if (lag !== undefined) cronLags.record(stage, 0, lag);
      }
      cronCalls += cron.treasuryCalls;
    }
    const received = (await fetch(`${platform.simulator.url}/admin/received`).then((r) => r.json())) as {
      byService: Record<string, number>;
    };
    const services = ['PI', 'PIS', 'PAG', 'PD', 'FD', 'FTPS', 'FTFPS'];
    const byService = Object.fromEntries(services.map((s) => [s, round((received.byService[s] ?? 0) / pis, 1)]));
    return {
      timeScale,
      pis,
      calendar: ODISHA_2026.name,
      timingModel: TIMING_MODEL,
      platform: {
        policy: MEASURED_POLICY,
        lagHours: lags.inWorkingHours(),
        hoursAfterOpening: lags.afterOpening(),
        treasuryCallsPerPi: round(
          Object.values(byService).reduce((a, b) => a + b, 0),
          1,
        ),
        treasuryCallsByService: byService,
      },
      cronModel: { lagHours: cronLags.inWorkingHours(), treasuryCallsPerPi: round(cronCalls / pis, 1) },
      curve: {
        pis: curvePis(pis),
        calendar: ODISHA_2026.name,
        points: latencyCurve(ODISHA_2026, curvePis(pis), MODEL_MONDAY_OPEN),
      },
    };
  } finally {
    await platform.stop();
  }
}

const waitUntil = async (model: ReturnType<typeof compressedClock>, modelMs: number) => {
  const wait = model.toRealDelay(modelMs - model.now());
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
};

async function followToTheEnd(db: Knex, tenantId: string, pis: number, withReturns: number, deadline: number) {
  const bar = progress('PIs followed to the end', pis);
  const count = async (statuses: string[]) => {
    const rows = (await db('payment_instructions')
      .where({ tenant_id: tenantId, kind: 'ORIGINAL' })
      .whereIn('status', statuses)
      .count({ n: '*' })) as Array<{ n: string }>;
    return Number(rows[0]?.n ?? 0);
  };
  for (;;) {
    const paid = await count([...PI_STATUSES_PAID, 'COMPLETED']);
    bar.update(paid);
    if (paid === pis && (await count(['PARTIAL', 'RETURNED', 'COMPLETED'])) === withReturns) break;
    if (Date.now() > deadline) throw new Error('the latency run did not finish in time');
    await new Promise((r) => setTimeout(r, 500));
  }
  bar.done();
}

/** Lags per stage, in model hours: changes made in working hours, and the rest from the next opening. */
function stageLags(openedBy: (t: number) => number) {
  const working: Record<CurveStage, number[]> = { approval: [], advice: [], disbursement: [], returns: [] };
  const afterOpening: Record<CurveStage, number[]> = { approval: [], advice: [], disbursement: [], returns: [] };
  const summarise = (l: Record<CurveStage, number[]>) =>
    Object.fromEntries(Object.entries(l).map(([k, v]) => [k, roundSummary(summary(v))])) as Lags;
  return {
    record(stage: CurveStage, change: number, seen: number) {
      const opening = openedBy(change);
      if (opening <= change) working[stage].push((seen - change) / HOUR);
      else afterOpening[stage].push(Math.max(0, seen - opening) / HOUR);
    },
    inWorkingHours: () => summarise(working),
    afterOpening: () => summarise(afterOpening),
  };
}

const roundSummary = (s: ReturnType<typeof summary>) => ({
  ...s,
  p50: round(s.p50, 3),
  p95: round(s.p95, 3),
  p99: round(s.p99, 3),
  max: round(s.max, 3),
});

/** When the read model recorded each PI stage (first time), in real epoch ms; returns are keyed apart. */
async function recordedAt(db: Knex, piNumber: string): Promise<Record<string, number>> {
  const rows = (await db('status_log').where({ subject: 'PI', subject_id: piNumber }).orderBy('id')) as Array<{
    status: string;
    event_key: string;
    at: Date;
  }>;
  const out: Record<string, number> = {};
  for (const r of rows) {
    const key = r.event_key.includes(':returned:') ? 'RETURNS' : PI_STATUSES_PAID.has(r.status) ? 'PAID' : r.status;
    out[key] ??= r.at.getTime();
  }
  return out;
}

/**
 * A policy compressed by `timeScale`: deadlines, the returns window and the backoff of stages without
 * a plan. The calendar plans stay in model time: the worker reads them on its model clock.
 */
function compressedPolicy(p: LifecyclePolicy, timeScale: number): LifecyclePolicy {
  const stage = (s: StagePolicy): StagePolicy => ({
    ...s,
    initialIntervalMs: Math.max(10, Math.round(s.initialIntervalMs / timeScale)),
    maximumIntervalMs: Math.max(20, Math.round(s.maximumIntervalMs / timeScale)),
    deadlineMs: Math.max(1_000, Math.round(s.deadlineMs / timeScale)),
  });
  return mergePolicy(p, {
    sanction: stage(p.sanction),
    advice: stage(p.advice),
    disbursement: stage(p.disbursement),
    revisedDisbursement: stage(p.revisedDisbursement),
    confirmation: stage(p.confirmation),
    returnsWindowMs: Math.round((4 * DAY) / timeScale),
    fundsWaitDeadlineMs: Math.round(p.fundsWaitDeadlineMs / timeScale),
  });
}
