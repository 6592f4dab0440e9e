import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import type { CalendarStagePlan } from '../calendar/poll-plan';
import { sweepScheduleSpec } from '../calendar/sweep-spec';
import type { TreasuryCalendar } from '../calendar/working-hours';
import { ScheduleId, TaskQueue, type FundsSyncScope, type ReconciliationInput } from '../contracts';

export interface ScheduleSettings {
  taskQueue?: string;
  fundsSyncEveryMs: number;
  failureSweepEveryMs: number;
  /**
   * FD sweeps at the times the plan polls on the treasury's calendar (after the bank's return batch,
   * working days, IST), in addition to the interval above, which then is only a backstop.
   */
  failureSweepCalendar?: { calendar: TreasuryCalendar; plan: CalendarStagePlan };
  /** Narrows the funds sync to some tenants (tests); the platform syncs every active key. */
  fundsSyncScope?: FundsSyncScope;
  /** Comparing our PIs with the treasury's records; absent: no reconciliation Schedule. */
  reconciliation?: { everyMs: number; lookbackDays: number; pageSize: number; callsPerSecond: number };
}

/** A Schedule and the one line that says what it is for (see `upsertSchedule` for where it goes). */
export type DescribedSchedule = Omit<ScheduleOptions, 'memo' | 'state'> & { description: string };

/**
 * Creates (or brings up to date) the Schedules that replace the legacy VA and FD cron jobs. Runs at
 * every worker start; safe with many workers starting at once. Overlap SKIP: a sync still running
 * when the next is due is not doubled; a missed run is caught up within a day.
 */
export async function ensureSchedules(client: Client, settings: ScheduleSettings): Promise<void> {
  const taskQueue = settings.taskQueue ?? TaskQueue.payments;
  const schedules: DescribedSchedule[] = [
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
      description: 'VA: fetch allotments for every tenant × SSU × head of account (replaces the VA cron)',
    },
    {
      scheduleId: ScheduleId.failureSweep,
      spec: {
        intervals: [{ every: settings.failureSweepEveryMs }],
        ...(settings.failureSweepCalendar
          ? sweepScheduleSpec(settings.failureSweepCalendar.calendar, settings.failureSweepCalendar.plan)
          : {}),
      },
      action: {
        type: 'startWorkflow',
        workflowType: 'failureSweepWorkflow',
        taskQueue,
        args: [],
        workflowId: 'failure-sweep',
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      description: 'FD: read bank returns from the high-water mark and route them to their PIs (replaces the FD cron)',
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
      description:
        "Reconciliation: compare our PIs with the treasury's records; differences to the inbox and the daily report (never moves money)",
    });
  }
  for (const options of schedules) await upsertSchedule(client, options);
}

/**
 * Creates a Schedule, or brings an existing one's spec, action and policies up to date (idempotent).
 * The description is the Schedule's note when it is created (the UI shows it on the Schedule's page),
 * its memo (which a pause reason, replacing the note, never touches) and the summary of every run it
 * starts (the workflow list shows what each run is). An existing Schedule keeps its state: a pause and
 * the operator's reason survive worker restarts.
 */
export async function upsertSchedule(client: Client, described: DescribedSchedule): Promise<void> {
  const { description, ...schedule } = described;
  const action = { ...schedule.action, staticSummary: description };
  try {
    await client.schedule.create({
      ...schedule,
      action,
      memo: { summary: description },
      state: { note: description },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(schedule.scheduleId).update((previous) => ({
      ...previous,
      spec: schedule.spec,
      action,
      policies: { ...previous.policies, ...schedule.policies },
    }));
  }
}
