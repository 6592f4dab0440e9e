import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ReceivedSnapshot } from '../../../simulator/state/received';
import { auditAad, REQUEST_LOG_TABLE } from '../../../treasury/audit-log';
import { auditCipher, auditTrail } from './audit-trail';
import { ADVISED, limit, PAID, SANCTIONED, type InvariantContext, type InvariantResult, type PiRow } from './context';

/** (5) The encrypted request log holds every call, per PI and per service, compared with the treasury's count. */
export async function auditLogs(
  ctx: InvariantContext,
  pis: PiRow[],
  received: ReceivedSnapshot,
): Promise<InvariantResult> {
  const { db } = ctx.platform;
  const problems: string[] = [];
  const perBill = (await db(REQUEST_LOG_TABLE)
    .whereNotNull('bill_number')
    .groupBy('bill_number', 'service_id')
    .select('bill_number', 'service_id', db.raw('count(*)::int as n'))) as Array<{
    bill_number: string;
    service_id: string;
    n: number;
  }>;
  const logged = new Map(perBill.map((r) => [`${r.bill_number}|${r.service_id}`, r.n]));
  const has = (no: string, service: string) => (logged.get(`${no}|${service}`) ?? 0) > 0;
  const state = ctx.platform.simulator.state;
  const missing: string[] = [];
  for (const pi of pis) {
    if (pi.kind === 'ORIGINAL') {
      if (state.paymentInstruction(pi.pi_number) && !has(pi.pi_number, 'PI')) missing.push(`${pi.pi_number}: PI`);
      if (SANCTIONED.has(pi.status) && !has(pi.pi_number, 'PIS')) missing.push(`${pi.pi_number}: PIS`);
      if (ADVISED.has(pi.status) && !has(pi.pi_number, 'PAG')) missing.push(`${pi.pi_number}: PAG`);
      if (PAID.has(pi.status) && !has(pi.pi_number, 'PD')) missing.push(`${pi.pi_number}: PD`);
    } else {
      if (state.correction(pi.pi_number) && !has(pi.pi_number, 'COR')) missing.push(`${pi.pi_number}: COR`);
      if (PAID.has(pi.status) && !has(pi.pi_number, 'FTPS')) missing.push(`${pi.pi_number}: FTPS`);
    }
  }
  for (const m of limit(missing)) problems.push(`no log row for ${m}`);
  const missingTrails: Record<string, string[]> = {};
  for (const m of missing.slice(0, 5)) {
    const no = m.slice(0, m.lastIndexOf(':'));
    missingTrails[no] = await auditTrail(ctx, no);
  }

  // Per service: calls the treasury handled (its own count) vs rows whose call reached it. A row with
  // status 200 was handled (answered, perhaps damaged); a row without a status is a timeout after
  // handling (no resets are injected, so nothing else leaves one); 5xx and 401 never reached a service.
  const rows = (await db(REQUEST_LOG_TABLE)
    .groupBy('service_id', 'status_code')
    .select('service_id', 'status_code', db.raw('count(*)::int as n'))) as Array<{
    service_id: string;
    status_code: number | null;
    n: number;
  }>;
  const auditWriteFailures = countAuditWriteFailures(ctx.workDir);
  const services = new Set([...Object.keys(received.byService), ...rows.map((r) => r.service_id)]);
  const comparison: Record<string, Record<string, number>> = {};
  for (const service of [...services].sort()) {
    const of = rows.filter((r) => r.service_id === service);
    const sum = (pred: (s: number | null) => boolean) =>
      of.filter((r) => pred(r.status_code)).reduce((a, r) => a + r.n, 0);
    const treasuryHandled = service === 'AUTH' ? received.auth : (received.byService[service] ?? 0);
    const answered = sum((s) => s === 200);
    const noStatus = sum((s) => s === null);
    const loggedHandled = answered + noStatus;
    comparison[service] = {
      treasuryHandled,
      logged: of.reduce((a, r) => a + r.n, 0),
      logged200: answered,
      loggedNoStatus: noStatus,
      logged5xx: sum((s) => s !== null && s >= 500),
      logged401: sum((s) => s === 401),
      loggedOther: sum((s) => s !== null && s !== 200 && s !== 401 && s < 500),
      handledNotLogged: treasuryHandled - loggedHandled,
      auditWritesFailed: auditWriteFailures[service] ?? 0,
    };
  }
  const handledNotLogged = Object.values(comparison).reduce((a, c) => a + Math.max(0, c.handledNotLogged ?? 0), 0);
  if (handledNotLogged > 0)
    problems.push(`${handledNotLogged} calls the treasury handled have no row (see perService.handledNotLogged)`);

  // Encrypted, and readable with the configured key: every blob decrypts and names its service.
  const cipher = auditCipher(ctx);
  const blobs = (await db(REQUEST_LOG_TABLE).select('id', 'service_id', 'key_id', 'request_ciphertext')) as Array<{
    id: string;
    service_id: string;
    key_id: string;
    request_ciphertext: Buffer | null;
  }>;
  let decrypted = 0;
  let undecryptable = 0;
  for (const b of blobs) {
    if (!b.request_ciphertext) continue;
    try {
      const text = cipher.decrypt(b.request_ciphertext, b.key_id, auditAad(REQUEST_LOG_TABLE, b.id, 'request'));
      if (b.service_id === 'AUTH' || (JSON.parse(text) as { serviceId?: string }).serviceId === b.service_id)
        decrypted += 1;
      else undecryptable += 1;
    } catch {
      undecryptable += 1;
    }
  }
  if (undecryptable > 0) problems.push(`${undecryptable} request blobs do not decrypt to their service`);

  return {
    id: 5,
    name: 'the encrypted request log holds every call',
    pass: problems.length === 0,
    summary:
      `${blobs.length} rows (${decrypted} decrypted OK); PIs missing a stage row ${missing.length}; ` +
      `treasury-handled calls without a row ${handledNotLogged}; audit writes failed ${Object.values(auditWriteFailures).reduce((a, b) => a + b, 0)}`,
    details: {
      rows: blobs.length,
      decrypted,
      undecryptable,
      missingStageRows: limit(missing, 50),
      missingTrails,
      perService: comparison,
      treasuryFaultsInjected: received.faults,
      auditWriteFailuresInWorkerLogs: auditWriteFailures,
      problems: limit(problems, 50),
    },
  };
}

/** Counts "treasury audit log write failed" warnings per service in the worker logs. */
function countAuditWriteFailures(workDir: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const file of readdirSync(workDir).filter((f) => /^worker-\d+\.log$/.test(f))) {
    for (const line of readFileSync(path.join(workDir, file), 'utf8').split('\n')) {
      if (!line.includes('treasury audit log write failed')) continue;
      try {
        const service = (JSON.parse(line) as { serviceId?: string }).serviceId ?? '?';
        out[service] = (out[service] ?? 0) + 1;
      } catch {
        out['?'] = (out['?'] ?? 0) + 1;
      }
    }
  }
  return out;
}
