import type { Knex } from 'knex';
import type { CorrectedBankDetails, PayeeDetails, PaymentStatus } from '../contracts';
import { insertPayment, updatePayeeBankDetails, updatePaymentStatus } from '../db/lifecycle/payments';
import { recordStatusChange } from '../db/lifecycle/status-events';
import type { FieldCipher } from '../security/field-cipher';

/** One write of the payment's read model: what changed, and on the first write the bill itself. */
export interface PaymentRecord {
  workflowId: string;
  tenantId: string;
  billNumber: string;
  status: PaymentStatus;
  transitions: number;
  awaitingFundsSince?: string;
  cancelledReason?: string;
  lastError?: string;
  bill?: {
    payees: PayeeDetails[];
    totalPaise: number;
    submittedAt: string;
    submittedBy: string;
    headOfAccountCodes: string[];
  };
}

export function createPaymentActivities(deps: { db: Knex; pii: FieldCipher }) {
  const { db, pii } = deps;
  return {
    /**
     * Upserts the payment's read-model row; each status change adds a status log row and an outbox
     * event. The bill's payees come only with the first record, and are stored for the PIs to read.
     */
    async recordPayment(input: PaymentRecord): Promise<{ recorded: PaymentStatus }> {
      await db.transaction(async (trx) => {
        const { bill } = input;
        if (bill) await insertPayment(trx, pii, { ...input, ...bill });
        await updatePaymentStatus(trx, input.workflowId, input);
        await recordStatusChange(trx, {
          tenantId: input.tenantId,
          subject: 'PAYMENT',
          subjectId: input.workflowId,
          status: input.status,
          eventKey: `PAYMENT:${input.workflowId}:${input.transitions}`,
          detail: {
            billNumber: input.billNumber,
            ...(input.cancelledReason ? { reason: input.cancelledReason } : {}),
          },
        });
      });
      return { recorded: input.status };
    },

    /** Corrected bank details (validated by the workflow), for the next PI of these payees to send. */
    async recordCorrections(input: {
      paymentWorkflowId: string;
      corrections: CorrectedBankDetails[];
    }): Promise<{ corrected: number }> {
      await db.transaction(async (trx) => {
        for (const c of input.corrections) await updatePayeeBankDetails(trx, pii, input.paymentWorkflowId, c);
      });
      return { corrected: input.corrections.length };
    },

    /** Who waits for funds (the funds sync signals these when money arrives). */
    async registerFundsWait(input: {
      paymentWorkflowId: string;
      tenantId: string;
      amountPaise: number;
      since: string;
      deadlineAt: string;
    }): Promise<{ awaitingFundsSince: string }> {
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
      return { awaitingFundsSince: input.since };
    },

    async clearFundsWait(input: { paymentWorkflowId: string }): Promise<{ cleared: number }> {
      return { cleared: await db('funds_waiters').where({ payment_workflow_id: input.paymentWorkflowId }).delete() };
    },

    /** The wait passed its deadline: an event for subscribers; the inbox lists it from `funds_waiters`. */
    async flagFundsWaitOverdue(input: { paymentWorkflowId: string }): Promise<{ flagged: boolean }> {
      return db.transaction(async (trx) => {
        const waiter = (await trx('funds_waiters').where({ payment_workflow_id: input.paymentWorkflowId }).first()) as
          { tenant_id: string; since: Date } | undefined;
        if (!waiter) return { flagged: false };
        await recordStatusChange(trx, {
          tenantId: waiter.tenant_id,
          subject: 'PAYMENT',
          subjectId: input.paymentWorkflowId,
          status: 'FUNDS_WAIT_OVERDUE',
          eventKey: `PAYMENT:${input.paymentWorkflowId}:FUNDS_WAIT_OVERDUE:${waiter.since.toISOString()}`,
        });
        return { flagged: true };
      });
    },
  };
}
