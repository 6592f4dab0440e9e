import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { startPayment } from '../../api/temporal/start-payment';
import { DEFAULT_LIFECYCLE_POLICY, mergePolicy } from '../../config/lifecycle-policy';
import {
  paymentStateQuery,
  supplyCorrectionsUpdate,
  type BillBeneficiary,
  type LifecyclePolicy,
  type PaymentInput,
} from '../../contracts';
import type { FaultConfigInput } from '../../simulator/faults';
import { liveBeforePayment } from '../../workflows/payment/validation';
import { startBenchPlatform, type BenchPlatform } from '../lib/platform';
import { pool } from '../lib/progress';
import { round } from '../lib/stats';
import { billTotal, generateBills } from '../lib/workload';
import { EventLog, runDisruptions, sleep, WorkerPool, type ChaosEvent, type DisruptionPlan } from './disruptions';
import { checkInvariants, type InvariantResult, type PlannedBill } from './invariants';

export type ChaosMode = 'quick' | 'full' | 'test';

export interface ChaosOptions {
  mode: ChaosMode;
  payments: number;
  /** How long the disruptions and treasury faults last. */
  chaosSeconds: number;
  /** Upper bound on the quiet period after it, for everything to settle. */
  settleSeconds: number;
  /** Payments are submitted evenly over this fraction of the chaos window. */
  submitFraction: number;
  /** Every n-th bill has a beneficiary the bank returns (needs a correction and a COR). */
  returnsEvery: number;
  /** Every n-th bill is rejected by the SSU (its PI fails, its funds come back). */
  rejectEvery: number;
  plan: DisruptionPlan;
  /** The lifecycle policy every payment carries (default CHAOS_POLICY). */
  policy: LifecyclePolicy;
  /** Keep the Temporal log and worker logs after the run (they are in the report's workDir). */
  keepWorkDir: boolean;
  /** Progress lines (default: stderr). */
  log: (line: string) => void;
}

/** The treasury's misbehaviour during the chaos window (simulator/faults.ts). */
export const CHAOS_FAULTS: FaultConfigInput = {
  error5xxRate: 0.2,
  timeoutRate: 0.05,
  // Held longer than the client waits (TREASURY_TIMEOUT_MS below): the client's own deadline fires.
  timeoutHoldMs: 6_000,
  malformedRate: 0.02,
  truncatedRate: 0.01,
  wrongKeyRate: 0.01,
  expireSessionsEveryMs: 60_000,
  seed: 20_261_122,
};

/** Polls within a second or two, flags a stage stuck after a minute, listens for returns for 45 s. */
export const CHAOS_POLICY: LifecyclePolicy = (() => {
  const stage = { initialIntervalMs: 300, backoffCoefficient: 1.5, maximumIntervalMs: 2_000, deadlineMs: 60_000 };
  return mergePolicy(DEFAULT_LIFECYCLE_POLICY, {
    sanction: stage,
    advice: stage,
    disbursement: stage,
    revisedDisbursement: stage,
    returnsWindowMs: 45_000,
    fundsWaitDeadlineMs: 60_000,
  });
})();

export const CHAOS_SIMULATOR_DELAYS = {
  // Longer than a client timeout plus the post retry interval (4 s + 2 s): a PIS check after an ambiguous
  // post can then meet a PI the treasury holds but has not signed yet.
  ssuApprovalDelayMs: 8_000,
  adviceDelayMs: 1_000,
  disbursementDelayMs: 1_000,
  returnDelayMs: 2_000,
};

/** Worker settings for the run (besides the platform's own): what differs from production and why. */
export const CHAOS_WORKER_ENV: Record<string, string> = {
  WORKER_MAX_CACHED_WORKFLOWS: '2000',
  WORKER_MAX_CONCURRENT_ACTIVITIES: '200',
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '100',
  // Below the simulator's 6 s hold, so an injected timeout is the client giving up after the treasury did the work.
  TREASURY_TIMEOUT_MS: '4000',
  // With 20 % 5xx, five failures in a row happen every few hundred calls; a 60 s open breaker would
  // dominate a run of minutes, so it half-opens after 5 s here.
  TREASURY_BREAKER_RESET_MS: '5000',
};

export function chaosOptions(mode: ChaosMode, overrides: Partial<Omit<ChaosOptions, 'mode'>> = {}): ChaosOptions {
  const small = mode !== 'full';
  return {
    mode,
    payments: small ? 50 : 500,
    chaosSeconds: small ? 60 : 240,
    settleSeconds: small ? 150 : 600,
    submitFraction: 0.6,
    returnsEvery: 10,
    rejectEvery: 50,
    keepWorkDir: true,
    policy: CHAOS_POLICY,
    log: (line) => process.stderr.write(`${line}\n`),
    plan: small
      ? {
          // One kill of each kind, while payments are in flight.
          workers: 2,
          workerKillEveryMs: 15_000,
          maxWorkerKills: 1,
          temporalRestartsAt: [0.45],
          pgTerminateEveryMs: 25_000,
          maxPgTerminations: 1,
          faults: { ...CHAOS_FAULTS, expireSessionsEveryMs: 20_000 },
        }
      : {
          workers: 2,
          workerKillEveryMs: 5_000,
          maxWorkerKills: Number.POSITIVE_INFINITY,
          temporalRestartsAt: [0.3, 0.65],
          pgTerminateEveryMs: 5_000,
          maxPgTerminations: Number.POSITIVE_INFINITY,
          faults: CHAOS_FAULTS,
        },
    ...overrides,
  };
}

export interface ChaosReport {
  mode: ChaosMode;
  startedAt: string;
  settings: {
    payments: number;
    chaosSeconds: number;
    settleSeconds: number;
    returnsEvery: number;
    rejectEvery: number;
    plan: DisruptionPlan;
    policy: LifecyclePolicy;
    simulatorDelays: typeof CHAOS_SIMULATOR_DELAYS;
    workerEnv: Record<string, string>;
  };
  workload: { payments: number; beneficiaries: number; withReturns: number; ssuRejected: number; totalPaise: number };
  timings: { setupMs: number; chaosMs: number; settleMs: number; settled: boolean; checksMs: number; totalMs: number };
  disruptions: {
    workerKills: number;
    workerStarts: number;
    workerStartupMs: { median: number; max: number };
    workersExitedUnexpectedly: number;
    workerStartFailures: number;
    temporalRestarts: number;
    temporalDownMs: number[];
    pgTerminationRounds: number;
    pgBackendsTerminated: number;
    treasuryFaults: Record<string, number>;
    treasuryAuths: number;
  };
  driver: {
    startRetries: number;
    correctionsSent: number;
    correctionsRefused: number;
    correctionErrors: number;
    correctionErrorSamples: string[];
    failureSweepsStarted: number;
  };
  invariants: InvariantResult[];
  passed: boolean;
  events: ChaosEvent[];
  workDir: string;
}

/** Driver-side counters. */
interface DriverStats {
  startRetries: number;
  correctionsSent: number;
  correctionsRefused: number;
  correctionErrors: number;
  correctionErrorSamples: string[];
  failureSweepsStarted: number;
}

/**
 * The chaos suite: payments submitted while workers are SIGKILLed, the Temporal server restarted,
 * PostgreSQL connections terminated and the treasury misbehaves; then a quiet settle, and the
 * invariants. Everything runs on 127.0.0.1 and stops by itself within chaos + settle seconds
 * (plus set-up and checks).
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const say = options.log;
  const began = Date.now();
  const bills = planBills(options);
  const workDir = options.keepWorkDir ? mkdtempSync(path.join(os.tmpdir(), `ifms-chaos-${options.mode}-`)) : undefined;
  say(`chaos ${options.mode}: ${bills.length} payments${workDir ? `, logs in ${workDir}` : ''}`);
  const platform = await startBenchPlatform({
    label: `chaos_${options.mode}`,
    allottedPaise: bills.reduce((sum, b) => sum + b.total, 0) + 1_000_00,
    simulator: { delays: CHAOS_SIMULATOR_DELAYS, rejectBillPattern: 'REJECT' },
    workerEnv: CHAOS_WORKER_ENV,
    workDir,
  });
  const events = new EventLog();
  const workers = new WorkerPool(platform, options.plan.workers, events);
  const stats: DriverStats = {
    startRetries: 0,
    correctionsSent: 0,
    correctionsRefused: 0,
    correctionErrors: 0,
    correctionErrorSamples: [],
    failureSweepsStarted: 0,
  };
  const background = new AbortController();
  try {
    await workers.start();
    const setupMs = Date.now() - began;
    say(
      `platform up in ${(setupMs / 1000).toFixed(0)} s; ${workers.ready()} workers polling; chaos for ${options.chaosSeconds} s`,
    );

    const hardStop = Date.now() + (options.chaosSeconds + options.settleSeconds) * 1_000;
    events.startClock();
    const chaosStarted = Date.now();
    const windowMs = options.chaosSeconds * 1_000;
    const spacingMs = (windowMs * options.submitFraction) / bills.length;
    const submitted = submitAll(platform, bills, options.policy, spacingMs, hardStop, stats);
    const loops = Promise.all([
      correctionLoop(platform, stats, background.signal),
      failureSweepLoop(platform, stats, background.signal),
      progressLoop(platform, workers, events, bills.length, say, background.signal),
    ]);
    await runDisruptions(platform, workers, options.plan, windowMs, events);
    const chaosMs = Date.now() - chaosStarted;
    say(
      `chaos window over after ${(chaosMs / 1000).toFixed(0)} s: faults off, settling (at most ${options.settleSeconds} s)`,
    );

    const settleStarted = Date.now();
    const settleDeadline = settleStarted + options.settleSeconds * 1_000;
    await submitted;
    let settled = false;
    while (Date.now() < settleDeadline) {
      settled = await isSettled(platform, bills).catch(() => false);
      if (settled) break;
      await sleep(2_000);
    }
    const settleMs = Date.now() - settleStarted;
    say(settled ? `settled in ${(settleMs / 1000).toFixed(0)} s` : `not settled after ${options.settleSeconds} s`);
    background.abort();
    await loops;

    const checksStarted = Date.now();
    await workers.allReady(AbortSignal.timeout(60_000));
    const invariants = await checkInvariants({ platform, bills: bills.map(toPlanned), workDir: platform.workDir });
    const checksMs = Date.now() - checksStarted;
    const received = (await fetch(`${platform.simulator.url}/admin/received`).then((r) => r.json())) as {
      faults: Record<string, number>;
      auth: number;
    };
    const startups = events.events
      .filter((e) => e.kind === 'worker-started')
      .map((e) => Number(e.detail?.startupMs ?? 0))
      .sort((a, b) => a - b);
    const terminations = events.events.filter((e) => e.kind === 'pg-terminate');
    return {
      mode: options.mode,
      startedAt: new Date(began).toISOString(),
      settings: {
        payments: options.payments,
        chaosSeconds: options.chaosSeconds,
        settleSeconds: options.settleSeconds,
        returnsEvery: options.returnsEvery,
        rejectEvery: options.rejectEvery,
        plan: options.plan,
        policy: options.policy,
        simulatorDelays: CHAOS_SIMULATOR_DELAYS,
        workerEnv: CHAOS_WORKER_ENV,
      },
      workload: {
        payments: bills.length,
        beneficiaries: bills.reduce((sum, b) => sum + b.beneficiaries.length, 0),
        withReturns: bills.filter((b) => b.returned).length,
        ssuRejected: bills.filter((b) => b.rejected).length,
        totalPaise: bills.reduce((sum, b) => sum + b.total, 0),
      },
      timings: { setupMs, chaosMs, settleMs, settled, checksMs, totalMs: Date.now() - began },
      disruptions: {
        workerKills: events.count('worker-killed'),
        workerStarts: events.count('worker-started'),
        workerStartupMs: {
          median: startups[Math.floor(startups.length / 2)] ?? 0,
          max: startups[startups.length - 1] ?? 0,
        },
        workersExitedUnexpectedly: events.count('worker-exited-unexpectedly'),
        workerStartFailures: events.count('worker-start-failed'),
        temporalRestarts: events.count('temporal-restart'),
        temporalDownMs: events.events
          .filter((e) => e.kind === 'temporal-restart')
          .map((e) => Number(e.detail?.downForMs ?? 0)),
        pgTerminationRounds: terminations.length,
        pgBackendsTerminated: terminations.reduce((sum, e) => sum + Number(e.detail?.terminated ?? 0), 0),
        treasuryFaults: received.faults,
        treasuryAuths: received.auth,
      },
      driver: { ...stats },
      invariants,
      passed: invariants.every((i) => i.pass),
      events: events.events,
      workDir: platform.workDir,
    };
  } finally {
    background.abort();
    workers.stop();
    await platform.stop();
  }
}

interface Bill {
  billNumber: string;
  beneficiaries: BillBeneficiary[];
  total: number;
  rejected: boolean;
  returned: boolean;
}

function planBills(options: ChaosOptions): Bill[] {
  return generateBills(options.payments, 20_261_122, options.returnsEvery).map((beneficiaries, i) => {
    const rejected = options.rejectEvery > 0 && i % options.rejectEvery === options.rejectEvery - 1;
    const n = String(i).padStart(4, '0');
    return {
      billNumber: rejected ? `CH-REJECT-${n}` : `CH-${n}`,
      beneficiaries,
      total: billTotal(beneficiaries),
      rejected,
      returned: beneficiaries.some((b) => b.accountNumber.endsWith('999')),
    };
  });
}

const toPlanned = (b: Bill): PlannedBill => ({
  billNumber: b.billNumber,
  beneficiaryCount: b.beneficiaries.length,
  totalPaise: b.total,
  rejected: b.rejected,
  returned: b.returned,
});

/** Starts every payment on schedule, retrying through Temporal outages (a repeated start is idempotent). */
async function submitAll(
  platform: BenchPlatform,
  bills: Bill[],
  policy: LifecyclePolicy,
  spacingMs: number,
  hardStop: number,
  stats: DriverStats,
): Promise<void> {
  const t0 = Date.now();
  await pool(bills, 8, async (bill, i) => {
    await sleep(t0 + i * spacingMs - Date.now());
    const input: PaymentInput = {
      tenantId: platform.tenant.tenantId,
      billNumber: bill.billNumber,
      beneficiaries: bill.beneficiaries,
      submittedAt: new Date().toISOString(),
      submittedBy: 'chaos',
      policy,
    };
    for (;;) {
      try {
        await startPayment(platform.client, input, platform.taskQueue);
        return;
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) return;
        if (Date.now() > hardStop) throw err;
        stats.startRetries += 1;
        await sleep(1_000);
      }
    }
  });
}

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref()),
  ]);

/**
 * Plays the operator who supplies corrected bank details: for every PARTIAL payment, each returned
 * beneficiary gets a new account (same IFSC) through the `supplyCorrections` update. The update id
 * is derived from the request, so a retry after a lost answer is the same update.
 */
async function correctionLoop(platform: BenchPlatform, stats: DriverStats, signal: AbortSignal): Promise<void> {
  const busy = new Set<string>();
  while (!signal.aborted) {
    await sleep(2_000, signal);
    if (signal.aborted) return;
    let partial: Array<{ workflow_id: string; bill_number: string }>;
    try {
      partial = (await platform
        .db('payments')
        .where({ tenant_id: platform.tenant.tenantId, status: 'PARTIAL' })
        .select('workflow_id', 'bill_number')) as typeof partial;
    } catch {
      continue; // our own connection was terminated too
    }
    await pool(
      partial.filter((p) => !busy.has(p.workflow_id)),
      4,
      async (p) => {
        busy.add(p.workflow_id);
        try {
          const handle = platform.client.workflow.getHandle(p.workflow_id);
          const state = await withTimeout(handle.query(paymentStateQuery), 10_000);
          const onLivePi = new Set(liveBeforePayment(state).flatMap((i) => i.beneficiaryNumbers));
          const failed = state.beneficiaries.filter((b) => b.status === 'FAILED' && !onLivePi.has(b.beneficiaryNumber));
          if (failed.length === 0) return;
          const corrections = failed.map((b) => ({
            beneficiaryNumber: b.beneficiaryNumber,
            accountNumber: `${b.accountNumber.slice(0, -3)}555`,
            ifsc: b.ifsc,
          }));
          const updateId = `chaos-correction:${failed.map((b) => b.beneficiaryNumber).join(',')}:${state.revisionCount}`;
          await withTimeout(
            handle.executeUpdate(supplyCorrectionsUpdate, {
              args: [{ tenantId: platform.tenant.tenantId, corrections, requestedBy: 'chaos-suite' }],
              updateId,
            }),
            20_000,
          );
          stats.correctionsSent += 1;
        } catch (err) {
          if (
            err instanceof Error &&
            /invalid corrections|has not failed|live PI/.test(err.message + String(err.cause))
          )
            stats.correctionsRefused += 1;
          else {
            stats.correctionErrors += 1;
            if (stats.correctionErrorSamples.length < 5) stats.correctionErrorSamples.push(String(err).slice(0, 200));
          }
        } finally {
          busy.delete(p.workflow_id);
        }
      },
    );
  }
}

/**
 * Plays the `failure-sweep` Schedule (the bench platform creates no Schedules): a sweep every 2 s.
 * The Schedule skips a run while the previous one is still going; here a sweep that has run for
 * more than 8 s (its FD call backing off from injected 5xx, 10 s then 20 s, or its activity lost
 * with a killed worker, retried only after 5 minutes) no longer holds the next one back. Sweeps are
 * idempotent (returns keyed by PI, beneficiary and challan), so overlapping ones route nothing twice.
 * Without this the compressed returns window (45 s) would be shorter than one uncompressed stall.
 */
async function failureSweepLoop(platform: BenchPlatform, stats: DriverStats, signal: AbortSignal): Promise<void> {
  let running: { workflowId: string; since: number } | undefined;
  while (!signal.aborted) {
    await sleep(2_000, signal);
    if (signal.aborted) return;
    try {
      if (running && Date.now() - running.since < 8_000) {
        const { status } = await platform.client.workflow.getHandle(running.workflowId).describe();
        if (status.name === 'RUNNING') continue;
      }
      const workflowId = `chaos-failure-sweep-${stats.failureSweepsStarted + 1}`;
      await platform.client.workflow.start('failureSweepWorkflow', { taskQueue: platform.taskQueue, workflowId });
      running = { workflowId, since: Date.now() };
      stats.failureSweepsStarted += 1;
    } catch {
      // Temporal is restarting; the next round tries again.
    }
  }
}

async function progressLoop(
  platform: BenchPlatform,
  workers: WorkerPool,
  events: EventLog,
  total: number,
  say: (line: string) => void,
  signal: AbortSignal,
): Promise<void> {
  const started = Date.now();
  while (!signal.aborted) {
    await sleep(10_000, signal);
    if (signal.aborted) return;
    try {
      const rows = (await platform
        .db('payments')
        .where({ tenant_id: platform.tenant.tenantId })
        .groupBy('status')
        .select('status', platform.db.raw('count(*)::int as n'))) as Array<{ status: string; n: number }>;
      const states = rows.map((r) => `${r.status} ${r.n}`).join(', ');
      say(
        `[${round((Date.now() - started) / 1000, 0)} s] ${rows.reduce((a, r) => a + r.n, 0)}/${total} recorded (${states}); ` +
          `workers ${workers.ready()}; kills ${events.count('worker-killed')}, temporal restarts ${events.count('temporal-restart')}, ` +
          `pg rounds ${events.count('pg-terminate')}`,
      );
    } catch {
      say(`[${round((Date.now() - started) / 1000, 0)} s] (read model unavailable this round)`);
    }
  }
}

/** Every payment terminal in the read model, no PI workflow running, no PAID payment still open. */
async function isSettled(platform: BenchPlatform, bills: Bill[]): Promise<boolean> {
  const terminal = (await platform
    .db('payments')
    .where({ tenant_id: platform.tenant.tenantId })
    .whereIn('status', ['PAID', 'FAILED', 'CANCELLED'])
    .count({ n: '*' })
    .first()) as { n: string | number };
  if (Number(terminal.n) < bills.length) return false;
  const { count: pisRunning } = await platform.client.workflow.count(
    'WorkflowType = "paymentInstructionWorkflow" AND ExecutionStatus = "Running"',
  );
  if (pisRunning > 0) return false;
  const { count: paidOpen } = await platform.client.workflow.count(
    'WorkflowType = "paymentWorkflow" AND ExecutionStatus = "Running" AND PaymentStatus = "PAID"',
  );
  return paidOpen === 0;
}
