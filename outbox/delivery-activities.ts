import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from 'knex';
import type { DeliveryOutcome, OutboxPosition } from '../contracts';
import { signBody } from '../security/webhook-signature';

export interface WebhookSubscriber {
  url: string;
  secret: string;
}

/** Outbound webhook settings (config `api.webhooks`); absent means no subscribers, nothing is sent. */
export interface WebhookDeliverySettings {
  subscribers: WebhookSubscriber[];
  /** Per HTTP attempt; below the activity's start-to-close timeout. */
  timeoutMs?: number;
}

interface OutboxRow {
  event_id: string;
  type: string;
  tenant_id: string;
  occurred_at: Date;
  data: unknown;
}

const PERMANENT = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 429;

/**
 * Delivery of outbox events to subscribers: at least once, signed like inbound webhooks, each event
 * carrying its id (`X-Event-Id`) so receivers deduplicate. Temporal's retry policy does the backoff;
 * the attempt that reaches the limit (or a permanent 4xx) records a dead letter instead of throwing,
 * so one poison event never blocks the rest.
 */
export function createWebhookActivities(deps: { db: Knex; webhooks?: WebhookDeliverySettings }) {
  const { db } = deps;
  const subscribers = deps.webhooks?.subscribers ?? [];
  const timeoutMs = deps.webhooks?.timeoutMs ?? 10_000;

  const record = async (
    row: OutboxRow,
    url: string,
    status: 'DELIVERED' | 'DEAD_LETTER',
    attempt: number,
    last: { code?: number; error?: string },
  ) => {
    await db('webhook_deliveries')
      .insert({
        event_id: row.event_id,
        subscriber_url: url,
        tenant_id: row.tenant_id,
        event_type: row.type,
        status,
        attempts: attempt,
        last_status_code: last.code ?? null,
        last_error: last.error?.slice(0, 500) ?? null,
      })
      .onConflict(['event_id', 'subscriber_url'])
      .ignore();
  };

  return {
    /** The next undelivered events after a position (keyset on the partial index), and who receives them. */
    async listUndeliveredEvents(input: {
      after?: OutboxPosition;
      limit: number;
      tenantIds?: string[];
    }): Promise<{ events: OutboxPosition[]; subscriberUrls: string[] }> {
      const q = db('outbox_events').whereNull('delivered_at');
      if (input.tenantIds) void q.whereIn('tenant_id', input.tenantIds);
      if (input.after) {
        void q.andWhereRaw('(occurred_at, event_id) > (?::timestamptz, ?::uuid)', [
          input.after.occurredAt,
          input.after.eventId,
        ]);
      }
      const rows = (await q
        .orderBy([{ column: 'occurred_at' }, { column: 'event_id' }])
        .limit(input.limit)
        .select(
          'event_id',
          db.raw(`to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as occurred_at`),
        )) as Array<{
        event_id: string;
        occurred_at: string;
      }>;
      return {
        events: rows.map((r) => ({ eventId: r.event_id, occurredAt: r.occurred_at })),
        subscriberUrls: subscribers.map((s) => s.url),
      };
    },

    async deliverWebhook(input: {
      eventId: string;
      subscriberUrl: string;
      maxAttempts: number;
    }): Promise<DeliveryOutcome> {
      const done = (await db('webhook_deliveries')
        .where({ event_id: input.eventId, subscriber_url: input.subscriberUrl })
        .first('status')) as { status: 'DELIVERED' | 'DEAD_LETTER' } | undefined;
      if (done) return done.status;
      const subscriber = subscribers.find((s) => s.url === input.subscriberUrl);
      if (!subscriber) return 'UNSUBSCRIBED';
      const row = (await db('outbox_events').where({ event_id: input.eventId }).first()) as OutboxRow | undefined;
      if (!row) return 'GONE';

      const { attempt } = Context.current().info;
      const body = JSON.stringify({
        eventId: row.event_id,
        type: row.type,
        tenantId: row.tenant_id,
        occurredAt: row.occurred_at.toISOString(),
        data: row.data,
      });
      const timestamp = String(Math.floor(Date.now() / 1000));
      let code: number | undefined;
      let error: string;
      try {
        const res = await fetch(subscriber.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-event-id': row.event_id,
            'x-timestamp': timestamp,
            'x-signature': signBody(subscriber.secret, timestamp, body),
          },
          body,
          redirect: 'manual',
          signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), Context.current().cancellationSignal]),
        });
        await res.body?.cancel();
        code = res.status;
        if (res.ok) {
          await record(row, subscriber.url, 'DELIVERED', attempt, { code });
          return 'DELIVERED';
        }
        error = `subscriber answered HTTP ${res.status}`;
      } catch (err) {
        error = `no answer: ${(err as Error).message}`;
      }
      if (attempt >= input.maxAttempts || (code !== undefined && PERMANENT(code))) {
        await record(row, subscriber.url, 'DEAD_LETTER', attempt, { code, error });
        return 'DEAD_LETTER';
      }
      // BENIGN: a subscriber being down is its problem, retried with backoff and dead-lettered in the
      // end; it must not page anyone or fill the worker log with one warning per attempt.
      throw ApplicationFailure.create({ type: 'WebhookDeliveryFailed', message: error, category: 'BENIGN' });
    },

    /** Events every subscriber has settled (delivered or dead-lettered) leave the undelivered set. */
    async markEventsDelivered(input: { eventIds: string[] }): Promise<void> {
      if (input.eventIds.length === 0) return;
      await db('outbox_events')
        .whereIn('event_id', input.eventIds)
        .whereNull('delivered_at')
        .update({ delivered_at: db.fn.now() });
    },
  };
}
