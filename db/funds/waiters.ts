import type { Knex } from 'knex';

export interface FundsWaiter {
  paymentWorkflowId: string;
  tenantId: string;
  amountPaise: number;
  since: Date;
  deadlineAt: Date;
  overdue: boolean;
}

/**
 * Who waits for funds: payments whose PI found no sanction to cover it. The funds sync signals these
 * when money arrives for their tenant; the inbox lists the overdue ones. Written by the payment
 * workflow's activities (`registerFundsWait` / `clearFundsWait`), never by a scan.
 */
export async function listFundsWaiters(
  db: Knex,
  filter: { tenantId: string; overdueOnly?: boolean },
): Promise<FundsWaiter[]> {
  const rows = (await db('funds_waiters')
    .where({ tenant_id: filter.tenantId })
    .modify((q) => {
      if (filter.overdueOnly) void q.andWhere('deadline_at', '<', db.fn.now());
    })
    .orderBy('since')
    .select('*', db.raw('deadline_at < now() AS overdue'))) as Array<{
    payment_workflow_id: string;
    tenant_id: string;
    amount_paise: number;
    since: Date;
    deadline_at: Date;
    overdue: boolean;
  }>;
  return rows.map((r) => ({
    paymentWorkflowId: r.payment_workflow_id,
    tenantId: r.tenant_id,
    amountPaise: r.amount_paise,
    since: r.since,
    deadlineAt: r.deadline_at,
    overdue: r.overdue,
  }));
}
