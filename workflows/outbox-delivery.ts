import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { OutboxDeliveryInput, OutboxDeliveryResult, OutboxPosition } from '../contracts';
import { recordOptions } from './activity-options';

/**
 * Started by the `outbox-delivery` Schedule: takes undelivered outbox events oldest first, in
 * batches, and delivers each to every subscriber in parallel. An event leaves the outbox once every
 * subscriber has it or has been given up on (dead letter, shown in the inbox). At least once: a crash
 * between delivery and marking re-sends, and receivers deduplicate by event id.
 */
export async function outboxDeliveryWorkflow(input: OutboxDeliveryInput): Promise<OutboxDeliveryResult> {
  const { listUndeliveredEvents, markEventsDelivered } = proxyActivities<Activities>(recordOptions);
  const { deliverWebhook } = proxyActivities<Activities>({
    startToCloseTimeout: '30 seconds',
    // No attempt cap here: the activity itself dead-letters at maxAttempts, so a database hiccup while
    // recording the dead letter is retried rather than losing the event.
    retry: {
      initialInterval: input.retryInitialIntervalMs ?? 1_000,
      backoffCoefficient: 2,
      maximumInterval: '5 minutes',
    },
  });
  const result: OutboxDeliveryResult = { events: 0, DELIVERED: 0, DEAD_LETTER: 0, UNSUBSCRIBED: 0, GONE: 0 };
  let after: OutboxPosition | undefined;
  for (let batch = 0; batch < (input.maxBatches ?? 10); batch += 1) {
    const { events, subscriberUrls } = await listUndeliveredEvents({
      ...(after ? { after } : {}),
      limit: input.batchSize ?? 50,
      ...(input.tenantIds ? { tenantIds: input.tenantIds } : {}),
    });
    // With no subscriber configured, events stay in the outbox for the first one to be added.
    if (events.length === 0 || subscriberUrls.length === 0) break;
    const outcomes = await Promise.all(
      events.flatMap((e) =>
        subscriberUrls.map((url) =>
          deliverWebhook({ eventId: e.eventId, subscriberUrl: url, maxAttempts: input.maxAttempts }),
        ),
      ),
    );
    for (const outcome of outcomes) result[outcome] += 1;
    await markEventsDelivered({ eventIds: events.map((e) => e.eventId) });
    result.events += events.length;
    after = events[events.length - 1];
  }
  return result;
}
