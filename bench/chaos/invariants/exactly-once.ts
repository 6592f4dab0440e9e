import type { ReceivedSnapshot } from '../../../simulator/state/received';
import { auditTrail } from './audit-trail';
import { PI_STATUSES_AT_TREASURY as POSTED } from '../../../contracts';
import { countBy, limit, type InvariantContext, type InvariantResult, type PiRow } from './context';

/**
 * (2) One accepted PI per bill and at most one accepted COR per revision; nobody paid twice, and no
 * payment recorded PAID whose money the bank sent back.
 */
export async function exactlyOnceAtTreasury(
  ctx: InvariantContext,
  pis: PiRow[],
  received: ReceivedSnapshot,
): Promise<InvariantResult> {
  const { db, tenant, simulator } = ctx.platform;
  const state = simulator.state;
  const ours = new Map(pis.map((p) => [p.pi_number, p]));
  const problems: string[] = [];
  // Our record names the bill; a number we never made is read as `…/<bill>/<n>`.
  const billOf = (no: string) => ours.get(no)?.bill_number ?? no.split('/').at(-2) ?? no;

  // Originals: requests per bill vs instructions the treasury holds.
  const acceptedByBill = new Map<string, string[]>();
  for (const pi of state.allPaymentInstructions()) {
    const bill = billOf(pi.jitBillNo);
    acceptedByBill.set(bill, [...(acceptedByBill.get(bill) ?? []), pi.jitBillNo]);
    const row = ours.get(pi.jitBillNo);
    if (!row) problems.push(`treasury holds PI ${pi.jitBillNo} we have no record of`);
    else if (!POSTED.has(row.status)) problems.push(`treasury holds PI ${pi.jitBillNo}; our record says ${row.status}`);
    else if (row.amount_paise !== pi.grossPaise)
      problems.push(`PI ${pi.jitBillNo}: treasury gross ${pi.grossPaise} ≠ our ${row.amount_paise}`);
  }
  for (const row of pis.filter((p) => p.kind === 'ORIGINAL' && POSTED.has(p.status))) {
    if (!state.paymentInstruction(row.pi_number))
      problems.push(`PI ${row.pi_number} is ${row.status} but not at the treasury`);
  }
  const requestsPerBill = new Map<string, number>();
  for (const [no, n] of Object.entries(received.PI)) {
    const bill = billOf(no);
    requestsPerBill.set(bill, (requestsPerBill.get(bill) ?? 0) + n);
  }
  const liveDistribution: Record<string, number> = {};
  const requestDistribution: Record<string, number> = {};
  const billsPostedMoreThanOnce: Array<{ bill: string; requests: number }> = [];
  for (const bill of ctx.bills) {
    const live = acceptedByBill.get(bill.billNumber)?.length ?? 0;
    const requests = requestsPerBill.get(bill.billNumber) ?? 0;
    liveDistribution[live] = (liveDistribution[live] ?? 0) + 1;
    requestDistribution[requests] = (requestDistribution[requests] ?? 0) + 1;
    if (requests > 1) billsPostedMoreThanOnce.push({ bill: bill.billNumber, requests });
    if (live !== 1) problems.push(`bill ${bill.billNumber}: ${live} PIs accepted at the treasury`);
  }

  // Revisions: COR requests vs corrections the treasury holds.
  const corNumbers = new Set([
    ...Object.keys(received.COR),
    ...pis.filter((p) => p.kind === 'REVISED').map((p) => p.pi_number),
  ]);
  let corAccepted = 0;
  let corRequests = 0;
  const corRequestDistribution: Record<string, number> = {};
  const corrections = [];
  for (const no of corNumbers) {
    const requests = received.COR[no] ?? 0;
    corRequests += requests;
    corRequestDistribution[requests] = (corRequestDistribution[requests] ?? 0) + 1;
    const cor = state.correction(no);
    const row = ours.get(no);
    if (cor) {
      corAccepted += 1;
      corrections.push(cor);
      if (!row) problems.push(`treasury holds COR ${no} we have no record of`);
      else if (!POSTED.has(row.status)) problems.push(`treasury holds COR ${no}; our record says ${row.status}`);
    } else if (row && POSTED.has(row.status)) problems.push(`COR ${no} is ${row.status} but not at the treasury`);
  }

  // Money: per beneficiary, payments the bank kept (not returned, not rejected) across PI and CORs.
  const kept = new Map<string, number>();
  const keep = (benefId: string) => kept.set(benefId, (kept.get(benefId) ?? 0) + 1);
  for (const pi of state.allPaymentInstructions()) {
    if (pi.rejected) continue;
    for (const b of pi.beneficiaries) if (!b.returned) keep(b.benefId);
  }
  for (const cor of corrections) for (const b of cor.beneficiaries) if (!b.returned) keep(b.benefId);
  const paidTwice = [...kept].filter(([, n]) => n > 1).map(([id]) => id);
  for (const id of limit(paidTwice)) problems.push(`beneficiary ${id} paid ${kept.get(id)} times`);

  // Every beneficiary of a payment we call PAID kept exactly one payment at the treasury.
  const paidBeneficiaries = (await db('payments as p')
    .join('payment_instructions as i', 'i.payment_workflow_id', 'p.workflow_id')
    .join('pi_beneficiaries as b', 'b.pi_number', 'i.pi_number')
    .where({ 'p.tenant_id': tenant.tenantId, 'p.status': 'PAID' })
    .distinct('p.bill_number', 'b.beneficiary_number')) as Array<{ bill_number: string; beneficiary_number: string }>;
  const paidButReturned = paidBeneficiaries.filter((b) => (kept.get(b.beneficiary_number) ?? 0) !== 1);
  for (const b of limit(paidButReturned))
    problems.push(
      `${b.bill_number} is PAID but ${b.beneficiary_number} kept ${kept.get(b.beneficiary_number) ?? 0} payments`,
    );

  // Every return the treasury reports (FD) was recorded and routed to a workflow that acts on it.
  const routes = (await db('treasury_returns as r')
    .join('payment_instructions as i', 'i.pi_number', 'r.pi_number')
    .where('i.tenant_id', tenant.tenantId)
    .select('r.pi_number', 'r.beneficiary_number', 'r.routed_to')) as Array<{
    pi_number: string;
    beneficiary_number: string;
    routed_to: string | null;
  }>;
  const routeOf = new Map(routes.map((r) => [`${r.pi_number}|${r.beneficiary_number}`, r.routed_to]));
  const now = simulator.clock.now();
  const returnsAtTreasury: string[] = [];
  const returnsNotActedOn: Array<{ return: string; routedTo: string | null }> = [];
  for (const pi of state.allPaymentInstructions()) {
    if (pi.rejected) continue;
    for (const b of pi.beneficiaries) {
      if (!b.returned || now < b.returned.visibleAt) continue;
      const key = `${pi.jitBillNo}|${b.benefId}`;
      returnsAtTreasury.push(key);
      const routedTo = routeOf.get(key);
      if (!routedTo || routedTo === 'UNROUTED' || routedTo === 'UNKNOWN_PI')
        returnsNotActedOn.push({ return: key, routedTo: routedTo ?? null });
    }
  }
  for (const r of limit(returnsNotActedOn))
    problems.push(`return ${r.return} at the treasury was ${r.routedTo ?? 'never recorded'}`);

  const repostTrails: Record<string, string[]> = {};
  for (const { bill } of billsPostedMoreThanOnce.slice(0, 5)) {
    const no = pis.find((p) => p.bill_number === bill && p.kind === 'ORIGINAL')?.pi_number;
    if (no) repostTrails[no] = await auditTrail(ctx, no);
  }
  const piRequests = Object.values(received.PI).reduce((a, b) => a + b, 0);
  const livePis = [...acceptedByBill.values()].reduce((a, b) => a + b.length, 0);
  return {
    id: 2,
    name: 'one accepted PI per bill, at most one COR per revision, nobody paid twice or lost',
    pass: problems.length === 0,
    summary:
      `PI requests ${piRequests} for ${ctx.bills.length} bills (bills with >1 request: ${billsPostedMoreThanOnce.length}); ` +
      `live PIs at treasury ${livePis}; COR requests ${corRequests}, accepted ${corAccepted}/${corNumbers.size}; ` +
      `beneficiaries paid twice ${paidTwice.length}; PAID with money returned ${paidButReturned.length}; ` +
      `returns ${returnsAtTreasury.length}, not acted on ${returnsNotActedOn.length}`,
    details: {
      piRequestsPerBill: requestDistribution,
      livePisPerBill: liveDistribution,
      billsPostedMoreThanOnce: limit(billsPostedMoreThanOnce, 50),
      repostTrails,
      corRequestsPerRevision: corRequestDistribution,
      corAccepted,
      revisionsRecorded: pis.filter((p) => p.kind === 'REVISED').length,
      beneficiariesKept: kept.size,
      paidTwice: limit(paidTwice),
      paidButReturned: limit(paidButReturned),
      returnsAtTreasury: returnsAtTreasury.length,
      returnRoutes: countBy(routes, (r) => (r.routed_to ?? 'null').replace(/:.*/, ':…')),
      returnsNotActedOn: limit(returnsNotActedOn),
      problems: limit(problems, 50),
    },
  };
}
