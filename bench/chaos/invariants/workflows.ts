import type { WorkflowExecutionInfo } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { pool } from '../../lib/progress';
import { countBy, limit, type InvariantContext, type InvariantResult } from './context';

const EventType = temporal.api.enums.v1.EventType;
const TaskFailedCause = temporal.api.enums.v1.WorkflowTaskFailedCause;

/** (4) No non-deterministic workflow task; every Failed / Terminated / TimedOut execution explained. */
export async function workflows(ctx: InvariantContext): Promise<InvariantResult> {
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
