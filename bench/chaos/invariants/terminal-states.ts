import type { WorkflowExecutionInfo } from '@temporalio/client';
import { SearchAttr } from '../../../contracts';
import { summary } from '../../lib/stats';
import { countBy, limit, TERMINAL, type InvariantContext, type InvariantResult, type PiRow } from './context';
import { diagnose } from './diagnose';

/** (1) Every payment terminal, or waiting for an explained reason. */
export async function terminalStates(ctx: InvariantContext, pis: PiRow[]): Promise<InvariantResult> {
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
