import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import { ScheduleId, TaskQueue, type FundsSyncScope, type ReconciliationInput } from '../contracts';

export interface ScheduleSettings {
  taskQueue?: string;
  fundsSyncEveryMs: number;
  failureSweepEveryMs: number;
  /** Narrows the funds sync to some tenants (tests); the platform syncs every active key. */
  fundsSyncScope?: FundsSyncScope;
  /** Comparing our PIs with the treasury's records; absent: no reconciliation Schedule. */
  reconciliation?: { everyMs: number; lookbackDays: number; pageSize: number; callsPerSecond: number };
}

/**
 * Creates (or brings up to date) the Schedules that replace the legacy VA and FD cron jobs. Runs at
 * every worker start; safe with many workers starting at once. Overlap SKIP: a sync still running
 * when the next is due is not doubled; a missed run is caught up within a day.
 */
export async function ensureSchedules(client: Client, settings: ScheduleSettings): Promise<void> {
  const taskQueue = settings.taskQueue ?? TaskQueue.payments;
  const schedules: ScheduleOptions[] = [
    {
      scheduleId: ScheduleId.fundsSync,
      spec: { intervals: [{ every: settings.fundsSyncEveryMs }] },
      action: {
        type: 'startWorkflow',
        workflowType: 'fundsSyncAllWorkflow',
        taskQueue,
        args: [settings.fundsSyncScope ?? {}],
        workflowId: 'funds-sync-all',
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      memo: { summary: 'VA: fetch allotments for every tenant × SSU × head of account (replaces the VA cron)' },
    },
    {
      scheduleId: ScheduleId.failureSweep,
      spec: { intervals: [{ every: settings.failureSweepEveryMs }] },
      action: {
        type: 'startWorkflow',
        workflowType: 'failureSweepWorkflow',
        taskQueue,
        args: [],
        workflowId: 'failure-sweep',
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      memo: {
        summary: 'FD: read bank returns from the high-water mark and route them to their PIs (replaces the FD cron)',
      },
    },
  ];
  const rec = settings.reconciliation;
  if (rec) {
    const input: ReconciliationInput = {
      lookbackDays: rec.lookbackDays,
      pageSize: rec.pageSize,
      callsPerSecond: rec.callsPerSecond,
    };
    schedules.push({
      scheduleId: ScheduleId.reconciliation,
      spec: { intervals: [{ every: rec.everyMs }] },
      action: {
        type: 'startWorkflow',
        workflowType: 'reconciliationWorkflow',
        taskQueue,
        args: [input],
        workflowId: 'reconciliation',
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      memo: { summary: "Compare our PIs with the treasury's records; differences to the inbox and the daily report" },
    });
  }
  for (const options of schedules) await upsertSchedule(client, options);
}

/** Creates a Schedule, or brings an existing one's spec, action and policies up to date (idempotent). */
export async function upsertSchedule(client: Client, options: ScheduleOptions): Promise<void> {
  try {
    await client.schedule.create(options);
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(options.scheduleId).update((previous) => ({
      ...previous,
      spec: options.spec,
      action: options.action,
      policies: { ...previous.policies, ...options.policies },
    }));
  }
}
