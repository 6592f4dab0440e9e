import type { Knex } from 'knex';

const TABLE = 'webhook_inbound_events';

/** The status we answered this tenant's event id with, if it was acted on before (ids are per tenant). */
export async function seenEvent(db: Knex, tenantId: string, eventId: string): Promise<{ status: number } | undefined> {
  const row = (await db(TABLE).where({ tenant_id: tenantId, event_id: eventId }).first('response_status')) as
    { response_status: number } | undefined;
  return row && { status: row.response_status };
}

/** Remembers an event id after acting on it; a concurrent duplicate that also acted changes nothing. */
export async function rememberEvent(
  db: Knex,
  e: { eventId: string; tenantId: string; billNumber: string; status: number },
): Promise<void> {
  await db(TABLE)
    .insert({ event_id: e.eventId, tenant_id: e.tenantId, bill_number: e.billNumber, response_status: e.status })
    .onConflict(['tenant_id', 'event_id'])
    .ignore();
}
