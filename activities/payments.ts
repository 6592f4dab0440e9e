import type { Knex } from 'knex';
import type { PaymentState } from '../contracts';
import { recordStatusChange } from './read-model/status-events';

export function createPaymentActivities(deps: { db: Knex }) {
  const { db } = deps;
  return {
    /** Upserts the payment's read-model row; each status change adds a status log row and an outbox event. */
    async recordPayment(input: {
      workflowId: string;
      state: PaymentState;
      submittedAt: string;
      submittedBy: string;
      headOfAccountCodes: string[];
    }): Promise<void> {
      const { state } = input;
      await db.transaction(async (trx) => {
        await trx('payments')
          .insert({
            workflow_id: input.workflowId,
            tenant_id: state.tenantId,
            bill_number: state.billNumber,
            status: state.status,
            total_paise: state.beneficiaries.reduce((sum, b) => sum + b.amountPaise, 0),
            beneficiary_count: state.beneficiaries.length,
            head_of_account_codes: input.headOfAccountCodes,
            submitted_by: input.submittedBy,
            submitted_at: input.submittedAt,
            awaiting_funds_since: state.awaitingFundsSince ?? null,
          })
          .onConflict('workflow_id')
          .merge(['status', 'awaiting_funds_since', 'updated_at']);
        await recordStatusChange(trx, {
          tenantId: state.tenantId,
          subject: 'PAYMENT',
          subjectId: input.workflowId,
          status: state.status,
          eventKey: `PAYMENT:${input.workflowId}:${state.transitions}`,
          detail: {
            billNumber: state.billNumber,
            ...(state.cancelledReason ? { reason: state.cancelledReason } : {}),
          },
        });
      });
    },

    /** Who waits for funds (the funds sync signals these when money arrives). */
    async registerFundsWait(input: {
      paymentWorkflowId: string;
      tenantId: string;
      amountPaise: number;
      since: string;
      deadlineAt: string;
    }): Promise<void> {
      await db('funds_waiters')
        .insert({
          payment_workflow_id: input.paymentWorkflowId,
          tenant_id: input.tenantId,
          amount_paise: input.amountPaise,
          since: input.since,
          deadline_at: input.deadlineAt,
        })
        .onConflict('payment_workflow_id')
        .ignore();
    },

    async clearFundsWait(input: { paymentWorkflowId: string }): Promise<void> {
      await db('funds_waiters').where({ payment_workflow_id: input.paymentWorkflowId }).delete();
    },

    /** The wait passed its deadline: an event for subscribers; the inbox lists it from `funds_waiters`. */
    async flagFundsWaitOverdue(input: { paymentWorkflowId: string }): Promise<void> {
      await db.transaction(async (trx) => {
        const waiter = (await trx('funds_waiters').where({ payment_workflow_id: input.paymentWorkflowId }).first()) as
          { tenant_id: string; since: Date } | undefined;
        if (!waiter) return;
        await recordStatusChange(trx, {
          tenantId: waiter.tenant_id,
          subject: 'PAYMENT',
          subjectId: input.paymentWorkflowId,
          status: 'FUNDS_WAIT_OVERDUE',
          eventKey: `PAYMENT:${input.paymentWorkflowId}:FUNDS_WAIT_OVERDUE:${waiter.since.toISOString()}`,
        });
      });
    },
  };
}
