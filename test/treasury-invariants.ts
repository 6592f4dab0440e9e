import type { Knex } from 'knex';
import type { RunningSimulator } from '../simulator/server';
import { isReturnVisible, type BeneficiaryPayment } from '../simulator/state/payments';

/**
 * The exactly-once invariants read from the treasury's side (the simulator's own records), for one
 * tenant whose simulator is its own: no beneficiary in two live instruments; no payment or PI of ours
 * FAILED while the treasury holds a live instruction for it; our ledger's net debit equal to what the
 * treasury committed. Returns what is violated (empty when all hold).
 */
export async function treasurySideViolations(db: Knex, simulator: RunningSimulator, tenantId: string) {
  const problems: string[] = [];
  const ours = new Map(
    (
      (await db('payment_instructions as i')
        .join('payments as p', 'p.workflow_id', 'i.payment_workflow_id')
        .where('i.tenant_id', tenantId)
        .select('i.pi_number', 'i.status', 'p.status as payment_status')) as Array<{
        pi_number: string;
        status: string;
        payment_status: string;
      }>
    ).map((r) => [r.pi_number, r]),
  );
  const state = simulator.state;
  const live = new Map<string, string[]>();
  const hold = (benefId: string, number: string) => live.set(benefId, [...(live.get(benefId) ?? []), number]);
  let committed = 0;
  const instruments: Array<{ number: string; beneficiaries: BeneficiaryPayment[] }> = [];
  for (const pi of state.allPaymentInstructions()) {
    if (pi.rejected) continue;
    committed += pi.grossPaise;
    instruments.push({ number: pi.jitBillNo, beneficiaries: pi.beneficiaries });
  }
  for (const pi of ours.keys()) {
    const cor = state.correction(pi);
    if (cor) instruments.push({ number: cor.jitCorBillNo, beneficiaries: cor.beneficiaries });
  }
  for (const { number, beneficiaries } of instruments) {
    const row = ours.get(number);
    const kept = beneficiaries.filter((b) => !isReturnVisible(b, state.now()));
    for (const b of kept) hold(b.benefId, number);
    if (!row) problems.push(`the treasury holds ${number}, which we have no record of`);
    else if (kept.length > 0 && ['FAILED', 'REJECTED'].includes(row.status))
      problems.push(`${number} is ${row.status} here while the treasury holds it live`);
    else if (kept.length > 0 && ['FAILED', 'CANCELLED'].includes(row.payment_status))
      problems.push(`the payment of ${number} is ${row.payment_status} while the treasury holds it live`);
  }
  for (const [benefId, numbers] of live)
    if (numbers.length > 1)
      problems.push(`beneficiary ${benefId} is in ${numbers.length} live instruments: ${numbers.join(', ')}`);

  const [net] = (await db('ledger_entries as e')
    .join('fund_reservations as r', 'r.id', 'e.reservation_id')
    .where('r.tenant_id', tenantId)
    .select(
      db.raw(
        `COALESCE(SUM(CASE e.kind WHEN 'DEBIT' THEN e.amount_paise WHEN 'REVERSAL' THEN -e.amount_paise ELSE 0 END), 0) AS net`,
      ),
    )) as Array<{ net: string | number }>;
  if (Number(net?.net ?? 0) !== committed)
    problems.push(`our ledger's net debit ${String(net?.net)} ≠ the treasury's committed ${committed}`);
  return problems;
}
