import { ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { ScheduleId, TaskQueue, type OutboxDeliveryInput } from '../contracts';
import { upsertSchedule, type DescribedSchedule } from '../workers/schedules';

export interface OutboxScheduleSettings {
  taskQueue?: string;
  /** WEBHOOK_DELIVERY_EVERY_MS */
  everyMs: number;
  /** WEBHOOK_MAX_ATTEMPTS */
  maxAttempts: number;
  batchSize?: number;
}

/**
 * Creates (or updates) the Schedule that delivers outbox events to webhook subscribers. Call it at
 * worker start next to `ensureSchedules`. Overlap SKIP: a run still retrying a slow subscriber is not
 * doubled; the next run picks up what it left.
 */
export async function ensureOutboxSchedule(client: Client, settings: OutboxScheduleSettings): Promise<void> {
  const args: [OutboxDeliveryInput] = [{ maxAttempts: settings.maxAttempts, batchSize: settings.batchSize ?? 50 }];
  const options: DescribedSchedule = {
    scheduleId: ScheduleId.outboxDelivery,
    spec: { intervals: [{ every: settings.everyMs }] },
    action: {
      type: 'startWorkflow',
      workflowType: 'outboxDeliveryWorkflow',
      taskQueue: settings.taskQueue ?? TaskQueue.payments,
      args,
      workflowId: ScheduleId.outboxDelivery,
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
    description: 'Outbox: deliver status events to webhook subscribers (signed, retried, dead-lettered)',
  };
  await upsertSchedule(client, options);
}
