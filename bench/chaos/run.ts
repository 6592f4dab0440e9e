import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import type { LifecyclePolicy } from '../../contracts';
import { startBenchPlatform } from '../lib/platform';
import { planBills, toPlanned } from './bills';
import { runDisruptions, type DisruptionPlan } from './disruptions';
import { EventLog, sleep, type ChaosEvent } from './event-log';
import { WorkerPool } from './worker-pool';
import { checkInvariants, type InvariantResult } from './invariants';
import { correctionLoop, failureSweepLoop, isSettled, progressLoop, submitAll, type DriverStats } from './operators';
import {
  CHAOS_SIMULATOR_DELAYS,
  CHAOS_WORKER_ENV,
  type ChaosDialect,
  type ChaosDialectName,
  type ChaosMode,
  type ChaosOptions,
} from './settings';

export interface ChaosReport {
  mode: ChaosMode;
  dialect: ChaosDialectName;
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
    dialect: ChaosDialect;
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
  driver: DriverStats;
  invariants: InvariantResult[];
  passed: boolean;
  events: ChaosEvent[];
  workDir: string;
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
  say(
    `chaos ${options.mode} (${options.dialect.name} treasury): ${bills.length} payments${workDir ? `, logs in ${workDir}` : ''}`,
  );
  const platform = await startBenchPlatform({
    label: `chaos_${options.mode}`,
    allottedPaise: bills.reduce((sum, b) => sum + b.total, 0) + 1_000_00,
    simulator: { delays: CHAOS_SIMULATOR_DELAYS, rejectBillPattern: 'REJECT', dialect: options.dialect.config },
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
      dialect: options.dialect.name,
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
        dialect: options.dialect,
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
