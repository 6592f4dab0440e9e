import { createAuditCipher, type AuditCipher } from '../../../security/audit-cipher';
import { readBillAudit } from '../../../treasury/audit-reader';
import type { InvariantContext } from './context';

/** The audit cipher with the key the bench platform gave its workers. */
export function auditCipher(ctx: InvariantContext): AuditCipher {
  return createAuditCipher({ id: 'dev-1', key: Buffer.from(ctx.platform.workerEnv.AUDIT_LOG_KEY!, 'base64') });
}

/** One line per logged exchange about a bill, decrypted: the evidence behind a re-post or a gap. */
export async function auditTrail(ctx: InvariantContext, billNumber: string): Promise<string[]> {
  const entries = await readBillAudit(ctx.platform.db, auditCipher(ctx), billNumber);
  return entries.map((e) => {
    const r = e.response as {
      errorMsg?: string | null;
      errorMsgs?: Array<{ errorMsg?: string }>;
      data?: unknown[];
    } | null;
    const answer = !r
      ? (e.errors[0]?.errorClass ?? 'no answer')
      : r.errorMsgs?.length
        ? `refused: ${r.errorMsgs.map((m) => m.errorMsg).join('; ')}`
        : r.errorMsg
          ? `error: ${r.errorMsg}`
          : r.data?.length
            ? `${r.data.length} rows`
            : 'not ready';
    return `${e.createdAt.slice(11, 23)} ${e.serviceId} ${e.statusCode ?? '-'} ${answer}`.slice(0, 200);
  });
}
