import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { Knex } from 'knex';
import { instructionWorkflowId, PLATFORM_SCOPE } from '../../contracts';
import { decodeHistoryPayloads } from '../../security/decode-history';
import type { EncryptionCodec } from '../../security/payload-codec';
import type { AuditCipher } from '../../security/audit-cipher';
import { readBillAudit, type AuditEntry } from '../../treasury';
import { EventNarrator, type TimelineLine } from './event-text';
import { runHistories, type RunHistory } from './histories';
import { withoutInternals } from './redact';

export interface AuditSubject {
  tenantId: string;
  billNumber: string;
  paymentWorkflowId: string;
  /** The payment's PIs from the read model; their workflow ids and treasury log rows follow from them. */
  piNumbers: string[];
}

export interface AuditMaterial {
  runs: RunHistory[];
  treasury: AuditEntry[];
}

/** Histories of the payment and its PIs, and the decrypted treasury traffic about those PIs. */
export async function gatherAudit(
  client: Client,
  db: Knex,
  ciphers: { audit: AuditCipher; payloads: EncryptionCodec },
  s: AuditSubject,
): Promise<AuditMaterial> {
  const workflowIds = [s.paymentWorkflowId, ...s.piNumbers.map((pi) => instructionWorkflowId(s.tenantId, pi))];
  const runs = (await Promise.all(workflowIds.map((id) => runHistories(client, id)))).flat();
  // The auditor reads their own tenant's history decrypted, as the codec server would show it.
  for (const run of runs) decodeHistoryPayloads(run.history, ciphers.payloads, [s.tenantId, PLATFORM_SCOPE]);
  // The gateway logs each call under the PI (or COR) number it concerns, never the bill's own number.
  const treasury = (await Promise.all(s.piNumbers.map((pi) => readBillAudit(db, ciphers.audit, pi))))
    .flat()
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return { runs, treasury };
}

/** One readable timeline: workflow events (minus workflow-task bookkeeping) and treasury calls, by time. */
export function auditTimeline(material: AuditMaterial): TimelineLine[] {
  const lines: TimelineLine[] = [];
  for (const run of material.runs) {
    const narrator = new EventNarrator(run.workflowId);
    for (const event of run.history.events ?? []) {
      const line = narrator.narrate(event);
      if (line) lines.push(line);
    }
  }
  for (const t of material.treasury) {
    const errors = t.errors.map((e) => e.errorClass).join(', ');
    lines.push({
      at: t.createdAt,
      source: `treasury ${t.serviceId}`,
      what: `treasury ${t.serviceId} call about ${t.billNumber ?? '?'} answered HTTP ${t.statusCode ?? 'none'} in ${t.durationMs} ms${errors ? ` (${errors})` : ''}`,
      by: 'treasury gateway',
    });
  }
  // Stable: events of one workflow at the same instant keep their history order.
  return lines
    .map((line, i) => ({ line, i }))
    .sort((a, b) => a.line.at.localeCompare(b.line.at) || a.i - b.i)
    .map(({ line }) => line);
}

/**
 * What `temporal workflow show -o json` prints for each run, minus internals (stack traces, worker
 * hosts: see redact.ts), plus the decrypted treasury log.
 */
export function rawAudit(material: AuditMaterial) {
  return {
    workflows: material.runs.map((r) => ({
      workflowId: r.workflowId,
      runId: r.runId,
      history: withoutInternals(JSON.parse(historyToJSON(r.history))),
    })),
    treasuryLog: material.treasury,
  };
}

export function timelineText(lines: TimelineLine[]): string {
  return lines.map((l) => `${l.at}  ${l.source.padEnd(28)}  ${l.what}  — ${l.by}`).join('\n') + '\n';
}
