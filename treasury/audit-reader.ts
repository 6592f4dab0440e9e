import type { Knex } from 'knex';
import type { AuditCipher } from '../security/audit-cipher';
import { auditAad, ERROR_LOG_TABLE, REQUEST_LOG_TABLE } from './audit-log';

/** One treasury exchange about a bill, decrypted for an auditor. */
export interface AuditEntry {
  id: string;
  createdAt: string;
  serviceId: string;
  billNumber: string | null;
  statusCode: number | null;
  durationMs: number;
  keyId: string;
  request: unknown;
  response: unknown;
  errors: Array<{ errorClass: string; statusCode: number | null; detail: unknown }>;
}

interface RequestRow {
  id: string;
  created_at: Date;
  service_id: string;
  bill_number: string | null;
  status_code: number | null;
  duration_ms: number;
  key_id: string;
  request_ciphertext: Buffer | null;
  response_ciphertext: Buffer | null;
}

interface ErrorRow {
  id: string;
  request_id: string | null;
  status_code: number | null;
  error_class: string;
  error_ciphertext: Buffer;
  key_id: string;
}

/**
 * Every logged exchange about a bill, oldest first, decrypted with the key ring. A row sealed under a
 * key the ring lacks, or under a different key with the same id, throws `AuditDecryptError`: the
 * auditor is told which key id is wrong rather than shown partial output.
 */
export async function readBillAudit(db: Knex, cipher: AuditCipher, billNumber: string): Promise<AuditEntry[]> {
  const requests = await db(REQUEST_LOG_TABLE)
    .where({ bill_number: billNumber })
    .orderBy('created_at')
    .select<RequestRow[]>('*');
  const errors = await db(ERROR_LOG_TABLE)
    .where({ bill_number: billNumber })
    .orderBy('created_at')
    .select<ErrorRow[]>('*');
  const open = (table: string, id: string, column: string, blob: Buffer | null, keyId: string): unknown => {
    if (!blob) return null;
    const text = cipher.decrypt(blob, keyId, auditAad(table, id, column));
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  };
  return requests.map((r) => ({
    id: r.id,
    createdAt: r.created_at.toISOString(),
    serviceId: r.service_id,
    billNumber: r.bill_number,
    statusCode: r.status_code,
    durationMs: r.duration_ms,
    keyId: r.key_id,
    request: open(REQUEST_LOG_TABLE, r.id, 'request', r.request_ciphertext, r.key_id),
    response: open(REQUEST_LOG_TABLE, r.id, 'response', r.response_ciphertext, r.key_id),
    errors: errors
      .filter((e) => e.request_id === r.id)
      .map((e) => ({
        errorClass: e.error_class,
        statusCode: e.status_code,
        detail: open(ERROR_LOG_TABLE, e.id, 'error', e.error_ciphertext, e.key_id),
      })),
  }));
}
