import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { optionalTsToDate } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { identityLabel, withoutPaths } from './redact';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const EventType = temporal.api.enums.v1.EventType;

/** One line of the auditor's timeline: when, what happened, who or what caused it. */
export interface TimelineLine {
  at: string;
  source: string;
  what: string;
  by: string;
  eventId?: number;
}

// The platform uses the SDK's default (JSON) payload converter; a payload we cannot read shows as absent.
function decode(payloads: Payload[] | null | undefined, index = 0): unknown {
  const payload = payloads?.[index];
  if (!payload) return undefined;
  try {
    return defaultPayloadConverter.fromPayload(payload);
  } catch {
    return undefined;
  }
}

const field = (value: unknown, key: string): string | undefined => {
  const v = (value as Record<string, unknown> | null | undefined)?.[key];
  return typeof v === 'string' ? v : undefined;
};

/** Reads the history of one run and remembers activity names, so later events can name theirs. */
export class EventNarrator {
  private readonly activities = new Map<string, string>();
  private readonly children = new Map<string, string>();

  constructor(private readonly source: string) {}

  /** The line for an event, or undefined for bookkeeping events (workflow tasks) auditors do not need. */
  narrate(e: HistoryEvent): TimelineLine | undefined {
    const text = this.describe(e);
    if (!text) return undefined;
    return {
      at: (optionalTsToDate(e.eventTime) ?? new Date(0)).toISOString(),
      source: this.source,
      what: text.what,
      by: text.by,
      eventId: Number(e.eventId ?? 0),
    };
  }

  private describe(e: HistoryEvent): { what: string; by: string } | undefined {
    const t = e.eventType ?? EventType.EVENT_TYPE_UNSPECIFIED;
    switch (t) {
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED: {
        const a = e.workflowExecutionStartedEventAttributes!;
        const input = decode(a.input?.payloads as Payload[]);
        const submittedBy = field(input, 'submittedBy');
        const parent = a.parentWorkflowExecution?.workflowId;
        const by = parent
          ? `parent workflow ${parent}`
          : submittedBy
            ? `${submittedBy} (via ${a.identity ? identityLabel(a.identity) : 'client'})`
            : a.identity
              ? identityLabel(a.identity)
              : 'client';
        const continued = a.continuedExecutionRunId ? ` (continued as new from run ${a.continuedExecutionRunId})` : '';
        return { what: `workflow ${a.workflowType?.name ?? '?'} started${continued}`, by };
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED: {
        const status = field(
          decode(e.workflowExecutionCompletedEventAttributes?.result?.payloads as Payload[]),
          'status',
        );
        return { what: `workflow completed${status ? ` with status ${status}` : ''}`, by: 'workflow' };
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED:
        return {
          what: `workflow failed: ${withoutPaths(e.workflowExecutionFailedEventAttributes?.failure?.message ?? '?')}`,
          by: 'workflow',
        };
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT:
        return { what: 'workflow timed out', by: 'Temporal' };
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED: {
        const a = e.workflowExecutionTerminatedEventAttributes;
        return {
          what: `workflow terminated: ${a?.reason || 'no reason given'}`,
          by: a?.identity ? identityLabel(a.identity) : 'operator',
        };
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED:
        return { what: 'workflow cancelled', by: 'workflow' };
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED: {
        const a = e.workflowExecutionCancelRequestedEventAttributes;
        return {
          what: `cancellation requested: ${a?.cause || ''}`.trim(),
          by: a?.identity ? identityLabel(a.identity) : 'client',
        };
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW:
        return {
          what: `workflow continued as new (run ${e.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId})`,
          by: 'workflow',
        };
      case EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED: {
        const a = e.workflowTaskFailedEventAttributes;
        return {
          what: `workflow task failed: ${withoutPaths(a?.failure?.message ?? String(a?.cause))}`,
          by: `worker ${identityLabel(a?.identity)}`,
        };
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: {
        const a = e.activityTaskScheduledEventAttributes!;
        const name = a.activityType?.name ?? '?';
        this.activities.set(String(e.eventId), name);
        return { what: `activity ${name} scheduled`, by: 'workflow' };
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED: {
        const a = e.activityTaskStartedEventAttributes!;
        const attempt = a.attempt && a.attempt > 1 ? ` (attempt ${a.attempt})` : '';
        const last = a.lastFailure?.message ? `; previous attempt failed: ${withoutPaths(a.lastFailure.message)}` : '';
        return {
          what: `activity ${this.activity(a.scheduledEventId)} started${attempt}${last}`,
          by: `worker ${identityLabel(a.identity)}`,
        };
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED: {
        const a = e.activityTaskCompletedEventAttributes!;
        return {
          what: `activity ${this.activity(a.scheduledEventId)} completed`,
          by: `worker ${identityLabel(a.identity)}`,
        };
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED: {
        const a = e.activityTaskFailedEventAttributes!;
        const type = a.failure?.applicationFailureInfo?.type;
        return {
          what: `activity ${this.activity(a.scheduledEventId)} failed${type ? ` (${type})` : ''}: ${withoutPaths(a.failure?.message ?? '?')}`,
          by: `worker ${identityLabel(a.identity)}`,
        };
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT:
        return {
          what: `activity ${this.activity(e.activityTaskTimedOutEventAttributes?.scheduledEventId)} timed out`,
          by: 'Temporal',
        };
      case EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED:
        return {
          what: `activity ${this.activity(e.activityTaskCancelRequestedEventAttributes?.scheduledEventId)} cancel requested`,
          by: 'workflow',
        };
      case EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED:
        return {
          what: `activity ${this.activity(e.activityTaskCanceledEventAttributes?.scheduledEventId)} cancelled`,
          by: 'workflow',
        };
      case EventType.EVENT_TYPE_TIMER_STARTED: {
        const a = e.timerStartedEventAttributes;
        const seconds = Number(a?.startToFireTimeout?.seconds ?? 0) + (a?.startToFireTimeout?.nanos ?? 0) / 1e9;
        return { what: `timer ${a?.timerId ?? ''} started for ${seconds}s`, by: 'workflow' };
      }
      case EventType.EVENT_TYPE_TIMER_FIRED:
        return { what: `timer ${e.timerFiredEventAttributes?.timerId ?? ''} fired`, by: 'Temporal' };
      case EventType.EVENT_TYPE_TIMER_CANCELED:
        return { what: `timer ${e.timerCanceledEventAttributes?.timerId ?? ''} cancelled`, by: 'workflow' };
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED: {
        const a = e.workflowExecutionSignaledEventAttributes!;
        const from = a.externalWorkflowExecution?.workflowId;
        return {
          what: `signal ${a.signalName} received`,
          by: from ? `workflow ${from}` : a.identity ? identityLabel(a.identity) : 'unknown sender',
        };
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED: {
        const a = e.workflowExecutionUpdateAcceptedEventAttributes!;
        const request = a.acceptedRequest;
        const requestedBy = field(decode(request?.input?.args?.payloads as Payload[]), 'requestedBy');
        const identity = request?.meta?.identity;
        const via = identity ? identityLabel(identity) : undefined;
        const by = requestedBy ? `${requestedBy}${via ? ` (via ${via})` : ''}` : (via ?? 'client');
        return { what: `update ${request?.input?.name ?? '?'} accepted`, by };
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED: {
        const failure = e.workflowExecutionUpdateCompletedEventAttributes?.outcome?.failure;
        return {
          what: failure ? `update failed: ${withoutPaths(failure.message ?? '?')}` : 'update completed',
          by: 'workflow',
        };
      }
      case EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED: {
        const a = e.startChildWorkflowExecutionInitiatedEventAttributes!;
        this.children.set(String(e.eventId), a.workflowId ?? '?');
        return {
          what: `child workflow ${a.workflowType?.name ?? '?'} ${a.workflowId ?? ''} requested`,
          by: 'workflow',
        };
      }
      case EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED:
        return {
          what: `child workflow ${e.childWorkflowExecutionStartedEventAttributes?.workflowExecution?.workflowId ?? '?'} started`,
          by: 'Temporal',
        };
      case EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED:
        return {
          what: `child workflow ${e.startChildWorkflowExecutionFailedEventAttributes?.workflowId ?? '?'} could not start`,
          by: 'Temporal',
        };
      case EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED:
        return {
          what: `child workflow ${e.childWorkflowExecutionCompletedEventAttributes?.workflowExecution?.workflowId ?? '?'} completed`,
          by: 'Temporal',
        };
      case EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED:
        return {
          what: `child workflow ${e.childWorkflowExecutionFailedEventAttributes?.workflowExecution?.workflowId ?? '?'} failed`,
          by: 'Temporal',
        };
      case EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED: {
        const a = e.signalExternalWorkflowExecutionInitiatedEventAttributes!;
        return { what: `signal ${a.signalName} sent to ${a.workflowExecution?.workflowId ?? '?'}`, by: 'workflow' };
      }
      case EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED:
        return {
          what: `signal delivered to ${e.externalWorkflowExecutionSignaledEventAttributes?.workflowExecution?.workflowId ?? '?'}`,
          by: 'Temporal',
        };
      case EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED:
        return {
          what: `signal to ${e.signalExternalWorkflowExecutionFailedEventAttributes?.workflowExecution?.workflowId ?? '?'} not delivered`,
          by: 'Temporal',
        };
      case EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES: {
        const fields = e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {};
        const shown = Object.entries(fields)
          .map(([k, p]) => `${k}=${JSON.stringify(decode([p as Payload]) ?? null)}`)
          .join(', ');
        return { what: `search attributes set: ${shown}`, by: 'workflow' };
      }
      case EventType.EVENT_TYPE_MARKER_RECORDED:
        return { what: `marker ${e.markerRecordedEventAttributes?.markerName ?? '?'} recorded`, by: 'workflow' };
      case EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED:
      case EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED:
      case EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
      case EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED:
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ADMITTED:
        return undefined;
      default:
        return {
          what: (EventType[t] ?? 'event')
            .replace(/^EVENT_TYPE_/, '')
            .toLowerCase()
            .replace(/_/g, ' '),
          by: 'Temporal',
        };
    }
  }

  private activity(scheduledEventId: unknown): string {
    return this.activities.get(String(scheduledEventId)) ?? `#${String(scheduledEventId)}`;
  }
}
