import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { LifecycleTable } from './tables';

export interface StatusChange {
  tenantId: string;
  subject: 'PAYMENT' | 'PI';
  subjectId: string;
  status: string;
  /** Deterministic per change (e.g. `PI:<no>:APPROVED`): a retried activity finds its own earlier event. */
  eventKey: string;
  detail?: Record<string, unknown>;
}

/** Outbound event ids are derived from the event key, so the same change always carries the same id. */
export function eventIdFor(eventKey: string): string {
  const h = createHash('sha256').update(eventKey).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Appends the status log row and the outbox event of one status change, in the caller's transaction,
 * at most once per event key.
 */
export async function recordStatusChange(trx: Knex.Transaction, change: StatusChange): Promise<void> {
  const detail = change.detail ?? {};
  const inserted = await trx(LifecycleTable.statusLog)
    .insert({
      tenant_id: change.tenantId,
      subject: change.subject,
      subject_id: change.subjectId,
      status: change.status,
      event_key: change.eventKey,
      detail: JSON.stringify(detail),
    })
    .onConflict('event_key')
    .ignore()
    .returning('id');
  if (inserted.length === 0) return;
  await trx(LifecycleTable.outboxEvents).insert({
    event_id: eventIdFor(change.eventKey),
    event_key: change.eventKey,
    type: `${change.subject === 'PAYMENT' ? 'payment' : 'payment_instruction'}.${change.status.toLowerCase()}`,
    tenant_id: change.tenantId,
    occurred_at: trx.fn.now(),
    data: JSON.stringify({
      [change.subject === 'PAYMENT' ? 'paymentId' : 'piNumber']: change.subjectId,
      status: change.status,
      ...detail,
    }),
  });
}
