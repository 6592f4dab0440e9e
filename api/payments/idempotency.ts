import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { paymentWorkflowId } from '../../contracts';
import { ApiError } from '../errors';
import { paymentLinks } from '../read-model/links';

const TABLE = 'api_idempotency_keys';
const ONE_KEY_PER_BILL = 'api_idempotency_keys_one_key_per_bill';

export interface KeyRef {
  tenantId: string;
  key: string;
}

export type Claim =
  /** This request owns the key: go on and start. */
  | { kind: 'new' }
  /** An earlier request with this key and body did not finish: go on (starting is idempotent). */
  | { kind: 'resume' }
  /** Answered before: send the same answer again. */
  | { kind: 'replay'; status: number; body: unknown };

/** Same content, same hash, whatever the key order of the JSON that carried it. */
export function requestHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function paymentExists(tenantId: string, billNumber: string): ApiError {
  const workflowId = paymentWorkflowId(tenantId, billNumber);
  return new ApiError(409, 'PAYMENT_EXISTS', `bill ${billNumber} has already been submitted`, {
    paymentId: workflowId,
    workflowId,
    billNumber,
    links: paymentLinks(billNumber),
  });
}

/**
 * Takes an Idempotency-Key for one bill. The primary key makes the key single-use per tenant; the
 * unique (tenant, bill) index refuses a second key for the same bill atomically, even while the
 * first request is still in flight.
 */
export async function claimKey(db: Knex, ref: KeyRef, billNumber: string, hash: string): Promise<Claim> {
  for (let tries = 0; tries < 3; tries += 1) {
    try {
      const inserted = await db(TABLE)
        .insert({ tenant_id: ref.tenantId, idempotency_key: ref.key, bill_number: billNumber, request_hash: hash })
        .onConflict(['tenant_id', 'idempotency_key'])
        .ignore()
        .returning('idempotency_key');
      if (inserted.length > 0) return { kind: 'new' };
    } catch (err) {
      if ((err as { constraint?: string }).constraint === ONE_KEY_PER_BILL)
        throw paymentExists(ref.tenantId, billNumber);
      throw err;
    }
    const row = (await db(TABLE).where({ tenant_id: ref.tenantId, idempotency_key: ref.key }).first()) as
      { request_hash: string; response_status: number | null; response_body: unknown } | undefined;
    // Released by a failed attempt between our insert and read: try to take it again.
    if (!row) continue;
    if (row.request_hash !== hash) {
      throw new ApiError(409, 'IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for a different request');
    }
    if (row.response_status !== null) return { kind: 'replay', status: row.response_status, body: row.response_body };
    return { kind: 'resume' };
  }
  throw new ApiError(409, 'IDEMPOTENCY_KEY_BUSY', 'this Idempotency-Key is being used by another request; retry');
}

export async function completeKey(db: Knex, ref: KeyRef, status: number, body: unknown): Promise<void> {
  await db(TABLE)
    .where({ tenant_id: ref.tenantId, idempotency_key: ref.key })
    .update({ response_status: status, response_body: JSON.stringify(body), completed_at: db.fn.now() });
}

/** Frees a key whose request failed before any answer (e.g. Temporal unreachable), so a retry can take it. */
export async function releaseKey(db: Knex, ref: KeyRef): Promise<void> {
  await db(TABLE).where({ tenant_id: ref.tenantId, idempotency_key: ref.key }).whereNull('response_status').delete();
}
