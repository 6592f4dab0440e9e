import type { Knex } from 'knex';
import { rupees } from '../temporal/payment-metadata';
import { LifecycleTable } from '../../db/lifecycle/tables';

/** One beneficiary the bank or the treasury refused, as its latest PI row records it. */
export interface FailedBeneficiary {
  beneficiaryNumber: string;
  piNumber: string;
  reason: string;
}

/**
 * Why each of these payments needs a person: its beneficiaries whose latest PI row failed, with the
 * bank's reason ("Account is Dormant"), and the treasury's reason for PIs it refused outright.
 */
export async function failureReasons(
  db: Knex,
  paymentWorkflowIds: string[],
): Promise<Map<string, { reason: string; failures: FailedBeneficiary[] }>> {
  const byPayment = new Map<string, { reasons: string[]; failures: FailedBeneficiary[] }>();
  if (paymentWorkflowIds.length === 0) return new Map();
  const entry = (id: string) => {
    let e = byPayment.get(id);
    if (!e) byPayment.set(id, (e = { reasons: [], failures: [] }));
    return e;
  };
  // A beneficiary re-paid by a revision has a newer row: only the latest one says whether they still failed.
  const latest = (await db
    .select('*')
    .from(
      db(`${LifecycleTable.piBeneficiaries} as b`)
        .join('payment_instructions as i', 'i.pi_number', 'b.pi_number')
        .whereIn('i.payment_workflow_id', paymentWorkflowIds)
        .distinctOn('i.payment_workflow_id', 'b.beneficiary_number')
        .orderBy([
          { column: 'i.payment_workflow_id' },
          { column: 'b.beneficiary_number' },
          { column: 'b.updated_at', order: 'desc' },
        ])
        .select('i.payment_workflow_id', 'b.beneficiary_number', 'b.pi_number', 'b.status', 'b.failure_reason')
        .as('latest'),
    )
    .where('status', 'FAILED')
    .orderBy('beneficiary_number')) as Array<{
    payment_workflow_id: string;
    beneficiary_number: string;
    pi_number: string;
    failure_reason: string | null;
  }>;
  const refusedPis = (await db(LifecycleTable.instructions)
    .whereIn('payment_workflow_id', paymentWorkflowIds)
    .whereIn('status', ['REJECTED', 'FAILED'])
    .whereNotNull('error')
    .orderBy('created_at')
    .select('payment_workflow_id', 'pi_number', 'status', 'error')) as Array<{
    payment_workflow_id: string;
    pi_number: string;
    status: string;
    error: string;
  }>;
  for (const pi of refusedPis) entry(pi.payment_workflow_id).reasons.push(`${pi.pi_number} ${pi.status}: ${pi.error}`);
  for (const b of latest) {
    const reason = b.failure_reason ?? 'failed (no reason given)';
    entry(b.payment_workflow_id).failures.push({
      beneficiaryNumber: b.beneficiary_number,
      piNumber: b.pi_number,
      reason,
    });
  }
  const out = new Map<string, { reason: string; failures: FailedBeneficiary[] }>();
  for (const [id, e] of byPayment) out.set(id, { reason: summarise(e.reasons, e.failures), failures: e.failures });
  return out;
}

/** "Account is Dormant (2 beneficiaries); Invalid IFSC (1 beneficiary)", after any PI-level refusal. */
function summarise(piReasons: string[], failures: FailedBeneficiary[]): string {
  const counts = new Map<string, number>();
  for (const f of failures) counts.set(f.reason, (counts.get(f.reason) ?? 0) + 1);
  const perReason = [...counts].map(([reason, n]) => `${reason} (${n} beneficiar${n === 1 ? 'y' : 'ies'})`);
  return [...piReasons, ...perReason].join('; ');
}

export const fundsOverdueReason = (r: { amount_paise: number | string; since: Date; hoaCodes: string[] }): string =>
  `No funds for ${rupees(Number(r.amount_paise))} on ${
    r.hoaCodes.length > 0 ? `head of account ${r.hoaCodes.join(', ')}` : 'any head of account in sequence'
  } since ${r.since.toISOString()}, past its deadline`;

export const stuckReason = (r: { stuck_stage: string; stuck_since: Date | null }): string =>
  `No progress at the treasury's ${r.stuck_stage} stage${r.stuck_since ? ` since ${r.stuck_since.toISOString()}` : ''}`;
