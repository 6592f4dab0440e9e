import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig, type AppConfig } from '../config';
import { createDb } from '../db/connection';
import { AuditDecryptError, createAuditCipher } from '../security/audit-cipher';
import { readBillAudit, type AuditEntry } from '../treasury/audit-reader';

/**
 * The auditor's view of one bill's treasury traffic:
 *   npm run audit-log -- --bill 'PI-1013/2026-27/000182' [--json]
 * Decrypts request, response and error rows with the configured key ring (AUDIT_LOG_KEY,
 * AUDIT_LOG_KEY_ID, and AUDIT_LOG_OLD_KEYS for rows sealed before a rotation). Needs DATABASE_URL.
 */
const argsSchema = z.object({
  bill: z.string({ error: '--bill <billNumber> is required' }).trim().min(1, '--bill <billNumber> is required'),
  json: z.boolean().default(false),
});

export interface AuditLogIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Returns the exit code: 0 printed (possibly nothing found), 1 bad arguments, 2 wrong key. */
export async function runAuditLog(argv: string[], config: AppConfig, io: AuditLogIo): Promise<number> {
  let args: z.infer<typeof argsSchema>;
  try {
    const { values } = parseArgs({ args: argv, options: { bill: { type: 'string' }, json: { type: 'boolean' } } });
    args = argsSchema.parse(values);
  } catch (err) {
    const message = err instanceof z.ZodError ? err.issues.map((i) => i.message).join('; ') : (err as Error).message;
    io.err(`usage: npm run audit-log -- --bill <billNumber> [--json]\n${message}`);
    return 1;
  }

  const cipher = createAuditCipher({ id: config.audit.keyId, key: config.audit.key }, config.audit.oldKeys);
  const db = createDb(config.db.url, 2);
  try {
    const entries = await readBillAudit(db, cipher, args.bill);
    if (args.json) io.out(JSON.stringify(entries, null, 2));
    else if (entries.length === 0) io.out(`no treasury traffic logged for bill ${args.bill}`);
    else for (const entry of entries) io.out(formatEntry(entry));
    return 0;
  } catch (err) {
    if (err instanceof AuditDecryptError) {
      io.err(
        `cannot decrypt the audit log of bill ${args.bill}: ${err.message}.\n` +
          'Check AUDIT_LOG_KEY / AUDIT_LOG_KEY_ID, and AUDIT_LOG_OLD_KEYS for rows written before a key rotation.',
      );
      return 2;
    }
    throw err;
  } finally {
    await db.destroy();
  }
}

function formatEntry(e: AuditEntry): string {
  const lines = [
    `${e.createdAt}  ${e.serviceId}  HTTP ${e.statusCode ?? '-'}  ${e.durationMs} ms  key ${e.keyId}  (${e.id})`,
    `  request:  ${JSON.stringify(e.request)}`,
    `  response: ${JSON.stringify(e.response)}`,
  ];
  for (const x of e.errors) lines.push(`  error:    ${x.errorClass} ${JSON.stringify(x.detail)}`);
  return lines.join('\n');
}

if (require.main === module) {
  runAuditLog(process.argv.slice(2), loadConfig(), { out: (l) => console.log(l), err: (l) => console.error(l) })
    .then((code) => {
      process.exitCode = code;
    })
    .catch((err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    });
}
