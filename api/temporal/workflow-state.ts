import type { Client, WorkflowHandle } from '@temporalio/client';
import { WorkflowNotFoundError, type QueryDefinition } from '@temporalio/common';
import { ApiError } from '../errors';

/** How long a read waits for a workflow to answer a query before showing the read model alone. */
const QUERY_DEADLINE_MS = 3_000;

export type WorkflowStatusName = string;

/** The execution's status (RUNNING, COMPLETED, …), or undefined when there is no such workflow. */
export async function workflowStatus(handle: WorkflowHandle): Promise<WorkflowStatusName | undefined> {
  try {
    return (await handle.describe()).status.name;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

/**
 * The workflow's own view: a query while it runs, its result once it completed, null otherwise or
 * when no worker answers in time (a read must not hang on a stopped worker).
 */
export async function liveState<T>(
  client: Client,
  handle: WorkflowHandle,
  query: QueryDefinition<T, []>,
  status: WorkflowStatusName,
): Promise<T | null> {
  try {
    if (status === 'RUNNING') {
      return await client.connection.withDeadline(Date.now() + QUERY_DEADLINE_MS, () => handle.query(query));
    }
    if (status === 'COMPLETED') return (await handle.result()) as T;
    return null;
  } catch {
    return null;
  }
}

/**
 * The workflow closed between our status check and the signal or update (it completed, was
 * cancelled or terminated): 409, as when it had closed before.
 */
export function closedWhileActing(err: unknown): ApiError | undefined {
  return err instanceof WorkflowNotFoundError
    ? new ApiError(409, 'PAYMENT_CLOSED', 'the payment has closed')
    : undefined;
}

/**
 * A payment an operator or employee may still act on: 404 if this tenant has no such payment (ids
 * carry the tenant, so another tenant's bill is simply not found), 409 once it has closed.
 */
export async function runningWorkflow(client: Client, workflowId: string, what: string): Promise<WorkflowHandle> {
  const handle = client.workflow.getHandle(workflowId);
  const status = await workflowStatus(handle);
  if (!status) throw new ApiError(404, 'NOT_FOUND', `no ${what}`);
  if (status !== 'RUNNING') throw new ApiError(409, 'PAYMENT_CLOSED', `the ${what} is closed (${status})`);
  return handle;
}
