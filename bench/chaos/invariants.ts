import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowExecutionInfo } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { paymentStateQuery, SearchAttr } from '../../contracts';
import { ledgerMismatches } from '../../db/funds/register';
import type { ReceivedSnapshot } from '../../simulator/state/received';
import { createAuditCipher, type AuditCipher } from '../../treasury/audit-cipher';
import { auditAad, REQUEST_LOG_TABLE } from '../../treasury/audit-log';
import { readBillAudit } from '../../treasury/audit-reader';
import type { BenchPlatform } from '../lib/platform';
import { pool } from '../lib/progress';
import { summary } from '../lib/stats';

const EventType = temporal.api.enums.v1.EventType;
const TaskFailedCause = temporal.api.enums.v1.WorkflowTaskFailedCause;

export interface InvariantResult {
  id: number;
  name: string;
  pass: boolean;
  /** One line of numbers for the summary table. */
  summary: string;
  details: Record<string, unknown>;
}

export interface PlannedBill {
  billNumber: string;
  beneficiaryCount: number;
  totalPaise: number;
  /** The SSU rejects it (bill number matches the simulator's rejection pattern). */
  rejected: boolean;
  /** Carries a beneficiary the bank returns (account ending 999), so it needs a COR. */
  returned: boolean;
}

export interface InvariantContext {
  platform: BenchPlatform;
  bills: PlannedBill[];
  /** The platform's work directory (worker logs are read for audit-log write failures). */
  workDir: string;
}

const TERMINAL = new Set(['PAID', 'FAILED', 'CANCELLED']);
/** PI statuses that mean "the treasury holds this instruction" in our records. */
const POSTED = new Set(['INITIATED', 'APPROVED', 'IN_PROCESS', 'SUCCESSFUL', 'PARTIAL', 'COMPLETED', 'REJECTED']);
const SANCTIONED = new Set(['APPROVED', 'IN_PROCESS', 'SUCCESSFUL', 'PARTIAL', 'COMPLETED', 'REJECTED']);
const ADVISED = new Set(['IN_PROCESS', 'SUCCESSFUL', 'PARTIAL', 'COMPLETED']);
const PAID = new Set(['SUCCESSFUL', 'PARTIAL', 'COMPLETED']);

interface PiRow {
  pi_number: string;
  bill_number: string;
  kind: 'ORIGINAL' | 'REVISED';
  status: string;
  amount_paise: number;
  original_pi_number: string | null;
  stuck_stage: string | null;
}

const countBy = <T>(items: T[], key: (item: T) => string): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
};

const limit = <T>(items: T[], n = 20): T[] => items.slice(0, n);

/** Every invariant of the chaos suite, checked against the database, the simulator and Temporal. */
export async function checkInvariants(ctx: InvariantContext): Promise<InvariantResult[]> {
  const { platform } = ctx;
  const received = (await fetch(`${platform.simulator.url}/admin/received`).then((r) => r.json())) as ReceivedSnapshot;
  const pis = (await platform
    .db('payment_instructions')
    .where({ tenant_id: platform.tenant.tenantId })
    .select(
      'pi_number',
      'bill_number',
      'kind',
      'status',
      'amount_paise',
      'original_pi_number',
      'stuck_stage',
    )) as PiRow[];
  return [
    await terminalStates(ctx, pis),
    await exactlyOnceAtTreasury(ctx, pis, received),
    await ledger(ctx, pis),
    await workflows(ctx),
    await auditLogs(ctx, pis, received),
  ];
}

/** (1) Every payment terminal, or waiting for an explained reason. */
async function terminalStates(ctx: InvariantContext, pis: PiRow[]): Promise<InvariantResult> {
  const { platform } = ctx;
  const rows = (await platform
    .db('payments as p')
    .leftJoin('funds_waiters as w', 'w.payment_workflow_id', 'p.workflow_id')
    .where('p.tenant_id', platform.tenant.tenantId)
    .select(
      'p.workflow_id',
      'p.bill_number',
      'p.status',
      'p.submitted_at',
      'w.payment_workflow_id as waiter',
    )) as Array<{
    workflow_id: string;
    bill_number: string;
    status: string;
    submitted_at: Date;
    waiter: string | null;
  }>;
  const byBill = new Map(rows.map((r) => [r.bill_number, r]));
  const stuckBills = new Set(pis.filter((p) => p.stuck_stage !== null).map((p) => p.bill_number));
  const explained: Record<string, number> = {};
  const unexplained: Array<{ bill: string; status: string }> = [];
  for (const bill of ctx.bills) {
    const row = byBill.get(bill.billNumber);
    const status = row?.status ?? 'NOT_RECORDED';
    if (TERMINAL.has(status)) continue;
    let why: string | undefined;
    if (status === 'AWAITING_FUNDS' && row?.waiter) why = 'AWAITING_FUNDS with a funds_waiters row';
    else if (status === 'PARTIAL') why = 'PARTIAL awaiting correction';
    else if (stuckBills.has(bill.billNumber)) why = `${status} with a PI flagged stuck`;
    if (why) explained[why] = (explained[why] ?? 0) + 1;
    else unexplained.push({ bill: bill.billNumber, status });
  }
  const perState = countBy(
    ctx.bills.map((b) => byBill.get(b.billNumber)?.status ?? 'NOT_RECORDED'),
    (s) => s,
  );
  const diagnoses: Record<string, unknown> = {};
  for (const u of unexplained.slice(0, 10)) {
    const workflowId = byBill.get(u.bill)?.workflow_id;
    if (workflowId) diagnoses[u.bill] = await diagnose(ctx, workflowId).catch((err: unknown) => String(err));
  }

  // Temporal's view of the same payments: execution status and the PaymentStatus search attribute.
  // The current run of each payment (a run that continued as new is not the payment's state).
  const executions: WorkflowExecutionInfo[] = [];
  for await (const info of platform.client.workflow.list({ query: 'WorkflowType = "paymentWorkflow"' }))
    if (info.status.name !== 'CONTINUED_AS_NEW') executions.push(info);
  const byWorkflow = new Map(rows.map((r) => [r.workflow_id, r.status]));
  const attributeDisagrees = executions.filter((e) => {
    const attr = e.typedSearchAttributes.get(SearchAttr.paymentStatus);
    return attr !== undefined && byWorkflow.has(e.workflowId) && attr !== byWorkflow.get(e.workflowId);
  });
  const executionByReadModel = countBy(executions, (e) => `${byWorkflow.get(e.workflowId) ?? '?'}/${e.status.name}`);
  // A PAID payment's workflow ends once its PIs' returns windows close.
  const paidStillRunning = executions.filter(
    (e) => byWorkflow.get(e.workflowId) === 'PAID' && e.status.name === 'RUNNING',
  ).length;

  const paidLatency = (await platform
    .db('payments as p')
    .join('status_log as s', function () {
      this.on('s.subject_id', 'p.workflow_id').andOnVal('s.status', 'PAID');
    })
    .where('p.tenant_id', platform.tenant.tenantId)
    .groupBy('p.workflow_id', 'p.submitted_at')
    .select('p.submitted_at', platform.db.raw('max(s.at) as paid_at'))) as Array<{ submitted_at: Date; paid_at: Date }>;
  const latencies = paidLatency.map((r) => r.paid_at.getTime() - r.submitted_at.getTime());
  const terminal = ctx.bills.filter((b) => TERMINAL.has(byBill.get(b.billNumber)?.status ?? '')).length;
  const expectedFailed = ctx.bills.filter((b) => b.rejected).length;
  return {
    id: 1,
    name: 'every payment terminal or in an explained waiting state',
    pass: unexplained.length === 0 && executions.length === ctx.bills.length && attributeDisagrees.length === 0,
    summary:
      `${terminal}/${ctx.bills.length} terminal (${Object.entries(perState)
        .map(([s, n]) => `${s} ${n}`)
        .join(', ')}); explained waiting ${Object.values(explained).reduce((a, b) => a + b, 0)}, ` +
      `unexplained ${unexplained.length}; SSU-rejected by design ${expectedFailed}`,
    details: {
      perState,
      explainedWaiting: explained,
      unexplained: limit(unexplained, 50),
      diagnoses,
      temporal: {
        paymentWorkflows: executions.length,
        byReadModelStatusAndExecution: executionByReadModel,
        searchAttributeDisagreesWithReadModel: limit(attributeDisagrees.map((e) => e.workflowId)),
        paidButStillRunning: paidStillRunning,
      },
      submitToPaidMs: summary(latencies),
    },
  };
}

/**
 * (2) One accepted PI per bill and at most one accepted COR per revision; nobody paid twice, and no
 * payment recorded PAID whose money the bank sent back.
 */
async function exactlyOnceAtTreasury(
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

/** (3) The ledger sums to its balances, every debit has its PI, one debit per reservation. */
async function ledger(ctx: InvariantContext, pis: PiRow[]): Promise<InvariantResult> {
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

/** (4) No non-deterministic workflow task; every Failed / Terminated / TimedOut execution explained. */
async function workflows(ctx: InvariantContext): Promise<InvariantResult> {
  const { client } = ctx.platform;
  const executions: WorkflowExecutionInfo[] = [];
  for await (const info of client.workflow.list()) executions.push(info);
  const byTypeAndStatus = countBy(executions, (e) => `${e.type}/${e.status.name}`);
  const closedBadly = executions.filter((e) => ['FAILED', 'TERMINATED', 'TIMED_OUT'].includes(e.status.name));

  const taskFailures: Record<string, number> = {};
  const nonDeterministic: Array<{ workflowId: string; message: string }> = [];
  const closings: Array<{ workflowId: string; type: string; status: string; reason: string }> = [];
  let taskTimeouts = 0;
  let events = 0;
  await pool(executions, 8, async (e) => {
    const history = await client.workflow.getHandle(e.workflowId, e.runId).fetchHistory();
    for (const event of history.events ?? []) {
      events += 1;
      if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT) taskTimeouts += 1;
      if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED) {
        const attrs = event.workflowTaskFailedEventAttributes;
        const cause = TaskFailedCause[attrs?.cause ?? 0] ?? String(attrs?.cause);
        const message = attrs?.failure?.message ?? '';
        taskFailures[cause] = (taskFailures[cause] ?? 0) + 1;
        if (
          attrs?.cause === TaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR ||
          /nondetermin/i.test(message)
        )
          nonDeterministic.push({ workflowId: e.workflowId, message: message.slice(0, 300) });
      }
      const failed = event.workflowExecutionFailedEventAttributes?.failure;
      const terminated = event.workflowExecutionTerminatedEventAttributes;
      if (failed || terminated || event.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT) {
        closings.push({
          workflowId: e.workflowId,
          type: e.type,
          status: e.status.name,
          reason: (failed
            ? `${failed.message ?? ''}${failed.cause?.message ? ` ← ${failed.cause.message}` : ''}`
            : (terminated?.reason ?? 'timed out')
          ).slice(0, 300),
        });
      }
    }
  });
  return {
    id: 4,
    name: 'no workflow failed with a non-deterministic error; failed/terminated/timed-out explained',
    pass: nonDeterministic.length === 0 && closedBadly.length === 0,
    summary:
      `${executions.length} executions, ${events} history events; non-deterministic task failures ${nonDeterministic.length}; ` +
      `Failed/Terminated/TimedOut ${closedBadly.length}; workflow task failures ${Object.values(taskFailures).reduce((a, b) => a + b, 0)}, ` +
      `task timeouts ${taskTimeouts}`,
    details: {
      byTypeAndStatus,
      nonDeterministic: limit(nonDeterministic),
      workflowTaskFailuresByCause: taskFailures,
      workflowTaskTimeouts: taskTimeouts,
      failedTerminatedTimedOut: limit(closings, 50),
    },
  };
}

/** (5) The encrypted request log holds every call, per PI and per service, compared with the treasury's count. */
async function auditLogs(ctx: InvariantContext, pis: PiRow[], received: ReceivedSnapshot): Promise<InvariantResult> {
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

function auditCipher(ctx: InvariantContext): AuditCipher {
  return createAuditCipher({ id: 'dev-1', key: Buffer.from(ctx.platform.workerEnv.AUDIT_LOG_KEY!, 'base64') });
}

/** One line per logged exchange about a bill, decrypted: the evidence behind a re-post or a gap. */
async function auditTrail(ctx: InvariantContext, billNumber: string): Promise<string[]> {
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

/**
 * Why a payment is neither terminal nor explained: its workflow's view (instructions, beneficiary
 * statuses) next to the database's, and where they disagree.
 */
async function diagnose(ctx: InvariantContext, workflowId: string): Promise<Record<string, unknown>> {
  const state = await Promise.race([
    ctx.platform.client.workflow.getHandle(workflowId).query(paymentStateQuery),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('query timed out')), 15_000).unref()),
  ]);
  const rows = (await ctx.platform
    .db('pi_beneficiaries as b')
    .join('payment_instructions as i', 'i.pi_number', 'b.pi_number')
    .where('i.payment_workflow_id', workflowId)
    .select('b.pi_number', 'b.beneficiary_number', 'b.status', 'i.status as pi_status')) as Array<{
    pi_number: string;
    beneficiary_number: string;
    status: string;
    pi_status: string;
  }>;
  const inDb = new Map(rows.map((r) => [`${r.pi_number}|${r.beneficiary_number}`, r]));
  return {
    workflowStatus: state.status,
    instructions: state.instructions.map((i) => ({
      piNumber: i.piNumber,
      workflowSays: i.status,
      databaseSays: rows.find((r) => r.pi_number === i.piNumber)?.pi_status,
      closed: i.closed,
    })),
    beneficiariesDisagreeing: state.beneficiaries
      .map((b) => ({
        beneficiaryNumber: b.beneficiaryNumber,
        piNumber: b.piNumber,
        workflowSays: b.status,
        databaseSays: inDb.get(`${b.piNumber}|${b.beneficiaryNumber}`)?.status,
      }))
      .filter((b) => b.workflowSays !== b.databaseSays),
  };
}
