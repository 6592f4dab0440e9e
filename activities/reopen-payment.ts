import type { Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { decodeArrayFromPayloads } from '@temporalio/common/lib/internal-non-workflow';
import {
  beneficiariesReturnedSignal,
  type PaymentInput,
  type PaymentState,
  type ReturnedBeneficiary,
} from '../contracts';

/**
 * Returns for a payment whose workflow has closed (paid, or cancelled, and past every returns
 * window) reopen it: a new run starts from the closed run's final state, with the same policy and
 * task queue, and takes the returns as its first message; people then correct them as usual.
 * Returns false when there is no completed payment to reopen (never started, failed or terminated).
 */
export async function reopenPayment(
  temporal: Client,
  paymentWorkflowId: string,
  returned: { piNumber: string; returned: ReturnedBeneficiary[] },
): Promise<boolean> {
  const handle = temporal.workflow.getHandle(paymentWorkflowId);
  let final: PaymentState;
  try {
    final = (await handle.result()) as PaymentState;
  } catch {
    return false;
  }
  const started = (await handle.fetchHistory()).events?.[0]?.workflowExecutionStartedEventAttributes;
  const [input] = (await decodeArrayFromPayloads(
    temporal.options.loadedDataConverter,
    started?.input?.payloads,
  )) as PaymentInput[];
  if (!input || !started?.taskQueue?.name) return false;
  await temporal.workflow.signalWithStart('paymentWorkflow', {
    workflowId: paymentWorkflowId,
    taskQueue: started.taskQueue.name,
    // The bill was recorded by the first run: the reopened one carries its state, not its payees.
    args: [{ ...input, beneficiaries: [], carried: final } satisfies PaymentInput],
    workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    signal: beneficiariesReturnedSignal,
    signalArgs: [returned],
  });
  return true;
}
