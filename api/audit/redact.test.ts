import { temporal } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { auditTimeline, rawAudit } from './export';

const EventType = temporal.api.enums.v1.EventType;

/** A history as a worker writes it when an activity throws: message, type, stack trace, pid@host. */
const material = {
  runs: [
    {
      workflowId: 'payment:od.angul:B-1',
      runId: 'run-1',
      history: temporal.api.history.v1.History.fromObject({
        events: [
          {
            eventId: 5,
            eventTime: { seconds: 1_790_000_000 },
            eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED,
            activityTaskStartedEventAttributes: {
              scheduledEventId: 3,
              attempt: 2,
              identity: '4242@db-host-7.internal',
              lastFailure: { message: "Cannot find module '/srv/app/activities/payments.ts:12:3'" },
            },
          },
          {
            eventId: 6,
            eventTime: { seconds: 1_790_000_001 },
            eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED,
            activityTaskFailedEventAttributes: {
              identity: '4242@db-host-7.internal',
              scheduledEventId: 3,
              failure: {
                message: 'recordPayment: the database refused the input (SQLSTATE 22021 character_not_in_repertoire)',
                stackTrace:
                  'ApplicationFailure: boom\n    at wrapped (/srv/app/activities/deterministic-failures.ts:80:15)',
                applicationFailureInfo: { type: 'DeterministicActivityFailure', nonRetryable: true },
              },
            },
          },
        ],
      }),
    },
  ],
  treasury: [],
};

describe('audit exports carry no internals', () => {
  it('keeps failure messages and types in the JSON export, drops stack traces, paths and hosts', () => {
    const text = JSON.stringify(rawAudit(material));
    expect(text).toContain('SQLSTATE 22021');
    expect(text).toContain('DeterministicActivityFailure');
    expect(text).not.toMatch(/stackTrace|db-host-7|4242@|\/srv\/app|\.ts:\d+/);
    expect(text).toMatch(/"identity":"process [0-9a-f]{8}"/);
  });

  it('names workers by a stable label in the timeline, not by pid@host', () => {
    const lines = auditTimeline(material);
    expect(lines.map((l) => l.by)).toEqual([expect.stringMatching(/^worker process [0-9a-f]{8}$/), lines[0]!.by]);
    expect(JSON.stringify(lines)).not.toMatch(/db-host-7|\/srv\/app/);
    expect(lines[1]!.what).toContain('(DeterministicActivityFailure): recordPayment: the database refused');
  });
});
