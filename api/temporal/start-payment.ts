import type { Client, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { paymentWorkflowId, SearchAttr, TaskQueue, type PaymentInput } from '../../contracts';
import type { paymentWorkflow } from '../../workflows/payment';
import { paymentUserMetadata, type PaymentDescriptionContext } from './payment-metadata';

/**
 * Starts the payment workflow of one bill, or finds the one already there: the workflow id is the
 * bill's business key, a running payment is returned as is (USE_EXISTING), and a finished one is
 * never started again (REJECT_DUPLICATE), so the same bill can never become a second payment.
 * It starts with its Summary and Details panels filled in (see `paymentUserMetadata`).
 */
export async function startPayment(
  client: Client,
  input: PaymentInput,
  taskQueue: string = TaskQueue.payments,
  description: PaymentDescriptionContext = {},
): Promise<WorkflowHandleWithFirstExecutionRunId<typeof paymentWorkflow>> {
  return client.workflow.start<typeof paymentWorkflow>('paymentWorkflow', {
    taskQueue,
    workflowId: paymentWorkflowId(input.tenantId, input.billNumber),
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    args: [input],
    typedSearchAttributes: [
      { key: SearchAttr.tenantId, value: input.tenantId },
      { key: SearchAttr.billNumber, value: input.billNumber },
      { key: SearchAttr.paymentStatus, value: 'RECEIVED' },
    ],
    memo: { summary: `${input.billNumber} · submitted by ${input.submittedBy}` },
    ...paymentUserMetadata(input, description),
  });
}
