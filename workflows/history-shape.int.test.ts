import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billNumber, openLifecycleEnv, payee, type LifecycleEnv } from '../test/lifecycle-env';

type History = temporal.api.history.v1.IHistory;
const EventType = temporal.api.enums.v1.EventType;

let env: LifecycleEnv;
beforeAll(async () => {
  env = await openLifecycleEnv({ label: 'shape' });
});
afterAll(async () => {
  await env?.close();
});

/** Event counts by type ("ACTIVITY_TASK_SCHEDULED": 9), activities by name, and their input bytes. */
function shape(history: History) {
  const events = history.events ?? [];
  const byType: Record<string, number> = {};
  const activities: Record<string, { calls: number; inputBytes: number }> = {};
  for (const e of events) {
    const type = EventType[e.eventType ?? 0]!.replace(/^EVENT_TYPE_/, '');
    byType[type] = (byType[type] ?? 0) + 1;
    const scheduled = e.activityTaskScheduledEventAttributes;
    if (scheduled) {
      const name = scheduled.activityType?.name ?? '?';
      const bytes = (scheduled.input?.payloads ?? []).reduce((n, p) => n + (p.data?.length ?? 0), 0);
      const a = (activities[name] ??= { calls: 0, inputBytes: 0 });
      a.calls += 1;
      a.inputBytes += bytes;
    }
  }
  return { events: events.length, byType, activities };
}

/** Search-attribute upserts that set every attribute they name to the value it already held. */
function redundantUpserts(history: History): string[] {
  const held = new Map<string, string>();
  const redundant: string[] = [];
  const encoded = (p: temporal.api.common.v1.IPayload) => Buffer.from(p.data ?? []).toString();
  for (const e of history.events ?? []) {
    const fields =
      e.workflowExecutionStartedEventAttributes?.searchAttributes?.indexedFields ??
      e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields;
    if (!fields) continue;
    const entries = Object.entries(fields).map(([k, p]) => [k, encoded(p)] as const);
    if (e.upsertWorkflowSearchAttributesEventAttributes && entries.every(([k, v]) => held.get(k) === v))
      redundant.push(entries.map(([k, v]) => `${k}=${v}`).join(', '));
    for (const [k, v] of entries) held.set(k, v);
  }
  return redundant;
}

describe('history shape of one ordinary paid payment', () => {
  it('counts the events of the payment and its PI by type', async () => {
    const handle = await env.startPayment(
      env.paymentInput(billNumber('shape'), [payee('100000000051', 1_000_00), payee('100000000052', 2_000_00)]),
    );
    const final = await handle.result();
    expect(final.status).toBe('PAID');
    const payment = shape(await handle.fetchHistory());
    const piWorkflowId = `pi:${env.tenant.tenantId}:${final.instructions[0]!.piNumber}`;
    const piHistory = await env.client.workflow.getHandle(piWorkflowId).fetchHistory();
    const pi = shape(piHistory);
    console.log(
      `history shape: ${payment.events + pi.events} events per payment\n` + JSON.stringify({ payment, pi }, null, 1),
    );
    // An upsert that changes nothing is an event for nothing (issue 17).
    expect(redundantUpserts(await handle.fetchHistory())).toEqual([]);
    expect(redundantUpserts(piHistory)).toEqual([]);
  });
});
