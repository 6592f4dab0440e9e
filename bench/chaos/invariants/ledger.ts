import { ledgerMismatches } from '../../../db/funds/register';
import { countBy, limit, type InvariantContext, type InvariantResult, type PiRow } from './context';

/** (3) The ledger sums to its balances, every debit has its PI, one debit per reservation. */
export async function ledger(ctx: InvariantContext, pis: PiRow[]): Promise<InvariantResult> {
  const { db, tenant } = ctx.platform;
  const problems: string[] = [];
  const mismatches = await ledgerMismatches(db);
  for (const m of mismatches) problems.push(`sanction ${m.sanctionId}: balance ${m.summary} ≠ entries ${m.entries}`);

  const entries = (await db('ledger_entries as e')
    .join('fund_reservations as r', 'r.id', 'e.reservation_id')
    .where('r.tenant_id', tenant.tenantId)
    .select(
      'e.kind',
      'e.amount_paise',
      'e.cause_key',
      'r.id as reservation_id',
      'r.reservation_key',
      'r.status',
    )) as Array<{
    kind: 'DEBIT' | 'REVERSAL';
    amount_paise: number;
    cause_key: string;
    reservation_id: number;
    reservation_key: string;
    status: 'RESERVED' | 'RELEASED';
  }>;
  const reservations = (await db('fund_reservations').where({ tenant_id: tenant.tenantId }).select('*')) as Array<{
    id: number;
    reservation_key: string;
    amount_paise: number;
    status: string;
    released_paise: number;
  }>;
  const ours = new Map(pis.map((p) => [p.pi_number, p]));
  const debits = entries.filter((e) => e.kind === 'DEBIT');
  const reversals = entries.filter((e) => e.kind === 'REVERSAL');
  const debitsPerReservation = countBy(debits, (e) => String(e.reservation_id));
  for (const d of debits) {
    if (d.cause_key !== `debit:${d.reservation_key}`)
      problems.push(`debit ${d.cause_key} on reservation ${d.reservation_key}`);
    if (!ours.has(d.reservation_key)) problems.push(`debit for ${d.reservation_key}: no such PI`);
  }
  for (const r of reservations) {
    const n = debitsPerReservation[String(r.id)] ?? 0;
    if (n !== 1) problems.push(`reservation ${r.reservation_key}: ${n} debits`);
    const pi = ours.get(r.reservation_key);
    const failed = pi?.status === 'FAILED' || pi?.status === 'REJECTED';
    if (failed && (r.status !== 'RELEASED' || r.released_paise !== r.amount_paise))
      problems.push(
        `${r.reservation_key} is ${pi?.status} but its reservation is ${r.status} (${r.released_paise} released)`,
      );
    if (!failed && r.status === 'RELEASED')
      problems.push(`${r.reservation_key} is ${pi?.status} but its funds were released`);
  }
  const reserved = new Set(reservations.map((r) => r.reservation_key));
  const unreserved = pis.filter(
    (p) => p.kind === 'ORIGINAL' && p.status !== 'PREPARED' && p.status !== 'NO_FUNDS' && !reserved.has(p.pi_number),
  );
  for (const p of limit(unreserved)) problems.push(`PI ${p.pi_number} (${p.status}) posted without a reservation`);

  const balances = (await db('sanction_balances as b')
    .join('sanctions as s', 's.id', 'b.sanction_id')
    .where('s.tenant_id', tenant.tenantId)
    .select(
      'b.sanction_id',
      'b.available_paise',
      db.raw(
        `EXISTS (SELECT 1 FROM ledger_entries w WHERE w.sanction_id = b.sanction_id AND w.kind = 'WITHDRAWAL') AS withdrawn`,
      ),
    )) as Array<{ sanction_id: number; available_paise: number; withdrawn: boolean }>;
  for (const b of balances)
    if (b.available_paise < 0 && !b.withdrawn)
      problems.push(`sanction ${b.sanction_id} below zero without a withdrawal`);

  // Our net spend must equal what the treasury committed for accepted, non-rejected PIs.
  const net = debits.reduce((s, e) => s + e.amount_paise, 0) - reversals.reduce((s, e) => s + e.amount_paise, 0);
  let treasuryCommitted = 0;
  for (const pi of ctx.platform.simulator.state.allPaymentInstructions())
    if (!pi.rejected) treasuryCommitted += pi.grossPaise;
  if (net !== treasuryCommitted) problems.push(`ledger net debit ${net} ≠ treasury committed ${treasuryCommitted}`);

  return {
    id: 3,
    name: 'ledger sums to balances; every debit has its PI; one debit per reserved PI; nothing below zero',
    pass: problems.length === 0,
    summary:
      `mismatches ${mismatches.length}; debits ${debits.length} for ${reservations.length} reservations, reversals ${reversals.length}; ` +
      `net debit ₹${(net / 100).toFixed(2)} vs treasury committed ₹${(treasuryCommitted / 100).toFixed(2)}; ` +
      `negative balances ${balances.filter((b) => b.available_paise < 0).length}`,
    details: {
      ledgerMismatches: mismatches,
      debits: debits.length,
      reversals: reversals.length,
      reservations: countBy(reservations, (r) => r.status),
      netDebitPaise: net,
      treasuryCommittedPaise: treasuryCommitted,
      balances,
      problems: limit(problems, 50),
    },
  };
}
