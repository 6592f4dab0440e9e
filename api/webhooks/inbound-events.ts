import type { Knex } from 'knex';

const TABLE = 'webhook_inbound_events';

/** The status we answered an event id with, if it was acted on before. */
export async function seenEvent(db: Knex, eventId: string): Promise<{ status: number } | undefined> {
  const row = (await db(TABLE).where({ event_id: eventId }).first('response_status')) as
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
    .onConflict('event_id')
    .ignore();
}
