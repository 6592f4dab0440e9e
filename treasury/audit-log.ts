import { randomUUID } from 'node:crypto';
import type { Db } from '../db/connection';
import type { Logger } from '../config/logger';
import type { AuditCipher } from '../security/audit-cipher';
import type { TreasuryMetrics } from './metrics';

export const REQUEST_LOG_TABLE = 'treasury_request_log';
export const ERROR_LOG_TABLE = 'treasury_error_log';

/**
 * One HTTP exchange with the treasury. `request`/`response` are the plaintext business JSON
 * (`{serviceId, params}` and the decrypted envelope); they are stored only AES-GCM encrypted. The
 * REK, SEK, appKey and auth token are never handed to this module, so they cannot end up in a row.
 */
export interface AuditExchange {
  id: string;
  /** A service id, or `AUTH` for a handshake. */
  serviceId: string;
  /** The bill the call was about, `AUTH` for handshakes, null for bulk queries (VA, FD). */
  billNumber: string | null;
  request: string | null;
  response: string | null;
  statusCode: number | null;
  durationMs: number;
  error?: { errorClass: string; detail: Record<string, unknown> };
}

export interface AuditLog {
  /**
   * Writes the request row before the call is sent (write-ahead). Throws when the row cannot be
   * written: no call leaves without its log row; the activity retries.
   */
  begin(exchange: Pick<AuditExchange, 'id' | 'serviceId' | 'billNumber' | 'request'>): Promise<void>;
  /** Completes (or, for a handshake, writes) the row. Retried on a lost connection; never throws. */
  record(exchange: AuditExchange): Promise<void>;
}

const TRANSIENT = /terminat|Connection ended|ECONNRESET|ECONNREFUSED|57P01|timeout acquiring/i;

/** Where each ciphertext lives, bound into it as AAD so a blob cannot be moved to another row or column. */
export const auditAad = (table: string, id: string, column: string) => `${table}:${id}:${column}`;

export function createAuditLog(deps: { db: Db; cipher: AuditCipher; log: Logger; metrics: TreasuryMetrics }): AuditLog {
  const { db, cipher } = deps;
  const seal = (table: string, id: string, column: string, text: string | null) =>
    text === null ? null : cipher.encrypt(text, auditAad(table, id, column));

  const withRetry = async (work: () => Promise<void>): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (err) {
        if (attempt >= 3 || !TRANSIENT.test(String((err as Error).message))) throw err;
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    }
  };
  return {
    async begin(x) {
      const keyId = cipher.currentKeyId;
      await withRetry(async () => {
        await db(REQUEST_LOG_TABLE).insert({
          id: x.id,
          service_id: x.serviceId,
          bill_number: x.billNumber,
          request_ciphertext: seal(REQUEST_LOG_TABLE, x.id, 'request', x.request),
          response_ciphertext: null,
          status_code: null,
          duration_ms: 0,
          key_id: keyId,
        });
      });
    },
    async record(x) {
      const keyId = cipher.currentKeyId;
      try {
        await withRetry(() =>
          db.transaction(async (trx) => {
            await trx(REQUEST_LOG_TABLE)
              .insert({
                id: x.id,
                service_id: x.serviceId,
                bill_number: x.billNumber,
                request_ciphertext: seal(REQUEST_LOG_TABLE, x.id, 'request', x.request),
                response_ciphertext: seal(REQUEST_LOG_TABLE, x.id, 'response', x.response),
                status_code: x.statusCode,
                duration_ms: Math.round(x.durationMs),
                key_id: keyId,
              })
              .onConflict('id')
              .merge(['response_ciphertext', 'status_code', 'duration_ms']);
            if (!x.error) return;
            // The error row gets its own id; it points at the exchange it explains.
            const errorId = randomUUID();
            await trx(ERROR_LOG_TABLE).insert({
              id: errorId,
              request_id: x.id,
              service_id: x.serviceId,
              bill_number: x.billNumber,
              status_code: x.statusCode,
              error_class: x.error.errorClass,
              error_ciphertext: seal(ERROR_LOG_TABLE, errorId, 'error', JSON.stringify(x.error.detail)),
              key_id: keyId,
            });
          }),
        );
      } catch (err) {
        deps.metrics.auditFailures.inc({ table: REQUEST_LOG_TABLE });
        deps.log.warn(
          { serviceId: x.serviceId, billNumber: x.billNumber, requestId: x.id, error: (err as Error).message },
          'treasury audit log write failed; the call itself was not affected',
        );
      }
    },
  };
}
