import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { startPayment } from '../../api/temporal/start-payment';
import { paymentStateQuery, supplyCorrectionsUpdate, type LifecyclePolicy, type PaymentInput } from '../../contracts';
import { liveBeforePayment } from '../../workflows/payment/validation';
import type { BenchPlatform } from '../lib/platform';
import { pool } from '../lib/progress';
import { round } from '../lib/stats';
import type { Bill } from './bills';
import { sleep, type EventLog } from './event-log';
import type { WorkerPool } from './worker-pool';

/** Driver-side counters. */
export interface DriverStats {
  startRetries: number;
  correctionsSent: number;
  correctionsRefused: number;
  correctionErrors: number;
  correctionErrorSamples: string[];
  failureSweepsStarted: number;
}

/** Starts every payment on schedule, retrying through Temporal outages (a repeated start is idempotent). */
export async function submitAll(
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
export async function correctionLoop(platform: BenchPlatform, stats: DriverStats, signal: AbortSignal): Promise<void> {
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
          // A new, valid account per payee (the state carries numbers only, and the stored details are
          // sealed): any account the simulator does not return (999/998) will do.
          const corrections = failed.map((b) => ({
            beneficiaryNumber: b.beneficiaryNumber,
            accountNumber: `9${String(hashOf(b.beneficiaryNumber) % 100_000_000).padStart(8, '0')}555`,
            ifsc: 'SBIN0000041',
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
export async function failureSweepLoop(
  platform: BenchPlatform,
  stats: DriverStats,
  signal: AbortSignal,
): Promise<void> {
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

export async function progressLoop(
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
export async function isSettled(platform: BenchPlatform, bills: Bill[]): Promise<boolean> {
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

/** A stable small number from a string (FNV-1a), to derive a payee's corrected account. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}
