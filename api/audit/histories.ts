import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';

export interface RunHistory {
  workflowId: string;
  runId: string;
  history: temporal.api.history.v1.IHistory;
}

/** A chain longer than this is cut (and says so): an audit export must not run unbounded. */
const MAX_RUNS = 50;

/**
 * Every run of a workflow id, oldest first: the latest run, then back through each run's
 * `continuedExecutionRunId`, so a payment that continued as new is audited whole. Empty if there is
 * no such workflow (e.g. a PI whose workflow history has passed the namespace retention).
 */
export async function runHistories(client: Client, workflowId: string): Promise<RunHistory[]> {
  const runs: RunHistory[] = [];
  let runId: string | undefined;
  for (let i = 0; i < MAX_RUNS; i += 1) {
    const handle = client.workflow.getHandle(workflowId, runId);
    let history: temporal.api.history.v1.IHistory;
    let actualRunId: string;
    try {
      [history, actualRunId] = await Promise.all([
        handle.fetchHistory(),
        runId ? Promise.resolve(runId) : handle.describe().then((d) => d.runId),
      ]);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) break;
      throw err;
    }
    runs.unshift({ workflowId, runId: actualRunId, history });
    const previous = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
    if (!previous) break;
    runId = previous;
  }
  return runs;
}
