import { treasurySideViolations } from '../../../test/treasury-invariants';
import { limit, type InvariantContext, type InvariantResult, type PiRow } from './context';

/**
 * (6) Read from the treasury's side (the simulator's records, not ours): no beneficiary in two live
 * instruments; no payment or PI of ours FAILED while the treasury holds a live instruction for it;
 * our ledger's net debit equal to what the treasury committed. And nothing left UNCONFIRMED.
 */
export async function treasurySide(ctx: InvariantContext, pis: PiRow[]): Promise<InvariantResult> {
  const { db, simulator, tenant } = ctx.platform;
  const problems = await treasurySideViolations(db, simulator, tenant.tenantId);
  const unconfirmed = pis.filter((p) => p.status === 'UNCONFIRMED');
  for (const p of limit(unconfirmed)) problems.push(`${p.pi_number} is still UNCONFIRMED`);
  const everUnconfirmed = (await db('status_log')
    .where({ tenant_id: tenant.tenantId, subject: 'PI', status: 'UNCONFIRMED' })
    .countDistinct({ n: 'subject_id' })) as Array<{ n: string }>;
  return {
    id: 6,
    name: "the treasury's records agree: nobody in two live instruments, nothing failed it holds, ledger = committed",
    pass: problems.length === 0,
    summary:
      `violations ${problems.length}; instructions ever UNCONFIRMED ${Number(everUnconfirmed[0]?.n ?? 0)}, ` +
      `still UNCONFIRMED ${unconfirmed.length}`,
    details: { problems: limit(problems, 50) },
  };
}
