import type { Knex } from 'knex';
import { startPayment } from '../api/temporal/start-payment';
import { DEFAULT_LIFECYCLE_POLICY, mergePolicy } from '../config/lifecycle-policy';
import type { LifecyclePolicy, StagePolicy } from '../contracts';
import { originalPiNumber, PI_STATUSES_PAID } from '../contracts';
import { ensureSchedules } from '../workers/schedules';
import { ODISHA_2026 } from '../calendar/odisha-2026';
import { cronOutcome } from './cron-model';
import { latencyCurve } from './latency-curve';
import type { CurvePoint } from './poll-curve';
import { startBenchPlatform } from './lib/platform';
import type { BenchRun } from './lib/run-options';
import { pool, progress } from './lib/progress';
import { round, summary } from './lib/stats';
import { billTotal, generateBills } from './lib/workload';

const HOUR = 3_600_000;

/** Realistic treasury rhythm, in model time: the SSU signs within hours, returns come days later. */
export const MODEL_DELAYS = {
  approvalMs: 6 * HOUR,
  adviceMs: 2 * HOUR,
  disbursementMs: 18 * HOUR,
  returnMs: 48 * HOUR,
};
/** Bills are approved through a working day (10:00–17:00 IST), a fixed Monday in model time. */
const MODEL_DAY_START = Date.parse('2026-05-04T10:00:00+05:30');
const MODEL_SUBMISSION_SPAN = 7 * HOUR;

/** PIs drawn for the lag-vs-calls curve: ten per PI run, at least 200. */
const curvePis = (pis: number) => Math.max(200, 10 * pis);

type Stage = 'approval' | 'advice' | 'disbursement' | 'returns';

export interface LatencyResult {
  timeScale: number;
  pis: number;
  modelStageDelaysHours: Record<string, number>;
  platform: { lagHours: Record<Stage, ReturnType<typeof summary>>; treasuryCallsPerPi: number };
  cronModel: { lagHours: Record<Stage, ReturnType<typeof summary>>; treasuryCallsPerPi: number };
  /**
   * Lag against calls for several poll policies and the cron model, on PIs drawn from the calendar
   * timing model (bench/treasury-timing.ts) and followed by the policies' own poll plans: computed,
   * not run against the platform (the measured figures are `platform` above).
   */
  curve: { pis: number; calendar: string; points: CurvePoint[] };
}

/**
 * The same event trace seen two ways: by the platform (measured, with time compressed by `timeScale`)
 * and by the legacy cron schedules (modelled in bench/cron-model.ts). Lags are "the treasury had the
 * new status" → "it was recorded", in model hours.
 */
export async function runLatency(pis: number, timeScale: number, run: BenchRun): Promise<LatencyResult> {
  const scaled = (ms: number) => Math.max(1, Math.round(ms / timeScale));
  const bills = generateBills(pis, 7, 5);
  const platform = await startBenchPlatform({
    label: 'latency',
    allottedPaise: bills.reduce((sum, b) => sum + billTotal(b), 0) + 1_00,
    simulator: {
      delays: {
        ssuApprovalDelayMs: scaled(MODEL_DELAYS.approvalMs),
        adviceDelayMs: scaled(MODEL_DELAYS.adviceMs),
        disbursementDelayMs: scaled(MODEL_DELAYS.disbursementMs),
        returnDelayMs: scaled(MODEL_DELAYS.returnMs),
      },
    },
    workerEnv: run.workerEnv,
    engine: run.engine,
  });
  try {
    await platform.startWorkers(run.workers);
    // The production policy and schedules, compressed by the same factor as the treasury.
    const policy = scalePolicy(DEFAULT_LIFECYCLE_POLICY, timeScale, 4 * 24 * HOUR);
    await ensureSchedules(platform.client, {
      taskQueue: platform.taskQueue,
      fundsSyncEveryMs: 24 * HOUR,
      failureSweepEveryMs: Math.max(1_000, scaled(HOUR)),
      fundsSyncScope: { tenantIds: [platform.tenant.tenantId] },
    });
    const realStart = Date.now();
    const submittedAt = new Map<string, number>();
    await pool(bills, 8, async (beneficiaries, i) => {
      const due = realStart + scaled((MODEL_SUBMISSION_SPAN * i) / Math.max(1, pis - 1));
      await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
      const billNumber = `L-${i}`;
      submittedAt.set(billNumber, Date.now());
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
    const bar = progress('PIs followed to the end', pis);
    const deadline = Date.now() + scaled(10 * 24 * HOUR) + 120_000;
    for (;;) {
      const paid = (await platform
        .db('payment_instructions')
        .where({ tenant_id: platform.tenant.tenantId })
        .whereIn('status', [...PI_STATUSES_PAID])
        .count({ n: '*' })) as Array<{ n: string }>;
      // Paid, then returned in part (PARTIAL) or in full (RETURNED).
      const returned = (await platform
        .db('payment_instructions')
        .where({ tenant_id: platform.tenant.tenantId })
        .whereIn('status', ['PARTIAL', 'RETURNED'])
        .count({ n: '*' })) as Array<{ n: string }>;
      bar.update(Number(paid[0]?.n ?? 0));
      if (Number(paid[0]?.n) === pis && Number(returned[0]?.n) === withReturns) break;
      if (Date.now() > deadline) throw new Error('the latency run did not finish in time');
      await new Promise((r) => setTimeout(r, 500));
    }
    bar.done();

    const lags: Record<Stage, number[]> = { approval: [], advice: [], disbursement: [], returns: [] };
    const cronLags: Record<Stage, number[]> = { approval: [], advice: [], disbursement: [], returns: [] };
    let cronCalls = 0;
    for (const [billNumber, submitted] of submittedAt) {
      const piNumber = originalPiNumber(platform.tenant.tenantId, billNumber, 1);
      const pi = platform.simulator.state.paymentInstruction(piNumber);
      if (!pi) throw new Error(`the treasury never received ${piNumber}`);
      const recorded = await recordedAt(platform.db, piNumber);
      const toModelHours = (realMs: number) => (realMs * timeScale) / HOUR;
      lags.approval.push(toModelHours(recorded.APPROVED! - pi.approvalAt));
      lags.advice.push(toModelHours(recorded.IN_PROCESS! - pi.adviceAt));
      const lastPaid = Math.max(...pi.beneficiaries.map((b) => b.paidAt ?? pi.disbursedAt));
      lags.disbursement.push(toModelHours(recorded.PAID! - lastPaid));
      const returned = pi.beneficiaries.find((b) => b.returned)?.returned;
      if (returned && recorded.RETURNS) lags.returns.push(toModelHours(recorded.RETURNS - returned.visibleAt));

      const delays = {
        approvalMs: (pi.approvalAt - pi.receivedAt) * timeScale,
        adviceMs: (pi.adviceAt - pi.approvalAt) * timeScale,
        disbursementMs: (lastPaid - pi.adviceAt) * timeScale,
        returnMs: returned ? (returned.visibleAt - lastPaid) * timeScale : undefined,
      };
      const cron = cronOutcome(MODEL_DAY_START + (submitted - realStart) * timeScale, delays);
      cronLags.approval.push(cron.lagMs.approval / HOUR);
      cronLags.advice.push(cron.lagMs.advice / HOUR);
      cronLags.disbursement.push(cron.lagMs.disbursement / HOUR);
      if (cron.lagMs.returns !== undefined) cronLags.returns.push(cron.lagMs.returns / HOUR);
      cronCalls += cron.treasuryCalls;
    }
    const received = (await fetch(`${platform.simulator.url}/admin/received`).then((r) => r.json())) as {
      byService: Record<string, number>;
    };
    const perPiCalls = ['PI', 'PIS', 'PAG', 'PD', 'FD'].reduce((sum, s) => sum + (received.byService[s] ?? 0), 0) / pis;
    const summarise = (l: Record<Stage, number[]>) =>
      Object.fromEntries(Object.entries(l).map(([k, v]) => [k, roundSummary(summary(v))])) as Record<
        Stage,
        ReturnType<typeof summary>
      >;
    return {
      timeScale,
      pis,
      modelStageDelaysHours: Object.fromEntries(Object.entries(MODEL_DELAYS).map(([k, v]) => [k, v / HOUR])),
      platform: { lagHours: summarise(lags), treasuryCallsPerPi: round(perPiCalls, 1) },
      cronModel: { lagHours: summarise(cronLags), treasuryCallsPerPi: round(cronCalls / pis, 1) },
      curve: {
        pis: curvePis(pis),
        calendar: ODISHA_2026.name,
        points: latencyCurve(ODISHA_2026, curvePis(pis), MODEL_DAY_START),
      },
    };
  } finally {
    await platform.stop();
  }
}

const roundSummary = (s: ReturnType<typeof summary>) => ({
  ...s,
  p50: round(s.p50),
  p95: round(s.p95),
  p99: round(s.p99),
  max: round(s.max),
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

function scaleStage(stage: StagePolicy, timeScale: number): StagePolicy {
  return {
    ...stage,
    initialIntervalMs: Math.max(10, Math.round(stage.initialIntervalMs / timeScale)),
    maximumIntervalMs: Math.max(20, Math.round(stage.maximumIntervalMs / timeScale)),
    deadlineMs: Math.max(1_000, Math.round(stage.deadlineMs / timeScale)),
  };
}

function scalePolicy(policy: LifecyclePolicy, timeScale: number, returnsWindowModelMs: number): LifecyclePolicy {
  return mergePolicy(policy, {
    sanction: scaleStage(policy.sanction, timeScale),
    advice: scaleStage(policy.advice, timeScale),
    disbursement: scaleStage(policy.disbursement, timeScale),
    revisedDisbursement: scaleStage(policy.revisedDisbursement, timeScale),
    returnsWindowMs: Math.round(returnsWindowModelMs / timeScale),
    fundsWaitDeadlineMs: Math.round(policy.fundsWaitDeadlineMs / timeScale),
  });
}
