import { ApplicationFailure } from '@temporalio/common';
import { LifecycleErrorType, type PayeeDetails, type PaymentStatus } from '../../contracts';
import type { FieldCipher } from '../../security/field-cipher';
import { openPayee, sealPayee } from '../pii/payees';
import { LifecycleTable, type Queryable } from './tables';

export interface NewPayment {
  workflowId: string;
  tenantId: string;
  billNumber: string;
  status: PaymentStatus;
  totalPaise: number;
  headOfAccountCodes: string[];
  submittedBy: string;
  submittedAt: string;
  payees: PayeeDetails[];
}

/** A payee as its `payment_beneficiaries` row (before sealing). */
export const payeeRow = (paymentWorkflowId: string, tenantId: string, p: PayeeDetails) => ({
  payment_workflow_id: paymentWorkflowId,
  beneficiary_number: p.beneficiaryNumber,
  tenant_id: tenantId,
  name: p.name,
  account_number: p.accountNumber,
  ifsc: p.ifsc,
  amount_paise: p.amountPaise,
  type: p.type,
  mobile: p.mobile,
  address: p.address,
  line_item_ids: p.lineItemIds,
});

/** The payment row and its payees (sealed), at most once per workflow id. */
export async function insertPayment(db: Queryable, pii: FieldCipher, payment: NewPayment): Promise<void> {
  await db(LifecycleTable.payments)
    .insert({
      workflow_id: payment.workflowId,
      tenant_id: payment.tenantId,
      bill_number: payment.billNumber,
      status: payment.status,
      total_paise: payment.totalPaise,
      beneficiary_count: payment.payees.length,
      head_of_account_codes: payment.headOfAccountCodes,
      submitted_by: payment.submittedBy,
      submitted_at: payment.submittedAt,
    })
    .onConflict('workflow_id')
    .ignore();
  await db(LifecycleTable.paymentBeneficiaries)
    .insert(payment.payees.map((p) => sealPayee(pii, payeeRow(payment.workflowId, payment.tenantId, p))))
    .onConflict(['payment_workflow_id', 'beneficiary_number'])
    .ignore();
}

export async function updatePaymentStatus(
  db: Queryable,
  workflowId: string,
  change: { status: PaymentStatus; awaitingFundsSince?: string; lastError?: string },
): Promise<void> {
  await db(LifecycleTable.payments)
    .where({ workflow_id: workflowId })
    .update({
      status: change.status,
      awaiting_funds_since: change.awaitingFundsSince ?? null,
      last_error: change.lastError ?? null,
      updated_at: db.fn.now(),
    });
}

/** Corrected bank details for a payee, sealed: the next PI of this payee sends them. */
export async function updatePayeeBankDetails(
  db: Queryable,
  pii: FieldCipher,
  paymentWorkflowId: string,
  details: { beneficiaryNumber: string; accountNumber: string; ifsc: string },
): Promise<void> {
  const key = { payment_workflow_id: paymentWorkflowId, beneficiary_number: details.beneficiaryNumber };
  const { account_number, ifsc } = sealPayee(pii, {
    ...key,
    account_number: details.accountNumber,
    ifsc: details.ifsc,
  });
  await db(LifecycleTable.paymentBeneficiaries).where(key).update({ account_number, ifsc, updated_at: db.fn.now() });
}

/** The payees to send, with the bank details last recorded for them, as `pi_beneficiaries` columns. */
export async function loadPayees(db: Queryable, pii: FieldCipher, paymentWorkflowId: string, numbers: string[]) {
  const sealed = (await db(LifecycleTable.paymentBeneficiaries)
    .where({ payment_workflow_id: paymentWorkflowId })
    .whereIn('beneficiary_number', numbers)
    .orderBy('beneficiary_number')
    .select('payment_workflow_id', 'beneficiary_number', 'tenant_id', 'name', 'account_number', 'ifsc')
    .select('amount_paise', 'type', 'mobile', 'address', 'line_item_ids')) as Array<{
    payment_workflow_id: string;
    beneficiary_number: string;
    amount_paise: string | number;
  }>;
  if (sealed.length !== new Set(numbers).size) {
    throw ApplicationFailure.create({
      type: LifecycleErrorType.InconsistentRecord,
      message: `payment ${paymentWorkflowId} has no record of some of ${numbers.length} beneficiaries`,
      nonRetryable: true,
    });
  }
  // Opened here to be sealed again under the PI row's own binding (sealBeneficiary).
  return sealed.map((row) => {
    const { payment_workflow_id: _payment, ...payee } = openPayee(pii, row);
    return payee;
  });
}
