/**
 * The outbox's shared shapes: what the delivery workflow, its activities, the Schedule that starts
 * it and the tests agree on. Status changes append outbox events; `outboxDeliveryWorkflow` delivers
 * them to every webhook subscriber, at least once, and dead-letters what cannot be delivered.
 */

/** Keyset position in the undelivered events, oldest first. */
export interface OutboxPosition {
  occurredAt: string;
  eventId: string;
}

export type DeliveryOutcome = 'DELIVERED' | 'DEAD_LETTER' | 'UNSUBSCRIBED' | 'GONE';

export interface OutboxDeliveryInput {
  /** Attempts per (event, subscriber) before it is dead-lettered (WEBHOOK_MAX_ATTEMPTS). */
  maxAttempts: number;
  batchSize?: number;
  /** Batches per run; the Schedule's next run continues, so one run's history stays small. */
  maxBatches?: number;
  /** First retry delay; doubles up to five minutes. */
  retryInitialIntervalMs?: number;
  /** Confines a run to some tenants (tests); the platform delivers everything. */
  tenantIds?: string[];
}

export type OutboxDeliveryResult = Record<DeliveryOutcome, number> & { events: number };
