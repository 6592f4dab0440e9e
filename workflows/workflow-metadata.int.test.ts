import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instructionWorkflowId } from '../contracts';
import { billNumber, openLifecycleEnv, payee, type LifecycleEnv } from '../test/lifecycle-env';

const { EventType } = temporal.api.enums.v1;
let env: LifecycleEnv;
beforeAll(async () => {
  env = await openLifecycleEnv({ label: 'metadata' });
});
afterAll(async () => {
  await env?.close();
});

/** What `temporal workflow describe` and the Web UI's "Current details" show. */
async function currentDetails(workflowId: string): Promise<string> {
  const metadata = await env.client.workflow
    .getHandle(workflowId)
    .query<{ currentDetails?: string }>('__temporal_workflow_metadata');
  return metadata.currentDetails ?? '';
}

/** A payload as the UI shows it, decrypted first through the codec (as the UI's codec server does). */
async function decoded<T>(payload: Payload | null | undefined): Promise<T | undefined> {
  if (!payload) return undefined;
  let payloads = [payload];
  for (const codec of env.dataConverter.payloadCodecs ?? []) payloads = await codec.decode(payloads);
  return defaultPayloadConverter.fromPayload<T>(payloads[0]!);
}
const text = (payload: Payload | null | undefined) => decoded<string>(payload);

/** Activity results: a void one shows as "Result [object Object]" in the Web UI's history rows. */
async function results(workflowId: string): Promise<unknown[]> {
  const { events } = await env.client.workflow.getHandle(workflowId).fetchHistory();
  const completed = (events ?? []).filter((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
  return Promise.all(
    completed.map((e) => decoded(e.activityTaskCompletedEventAttributes?.result?.payloads?.[0] as Payload | undefined)),
  );
}

async function summaries(
  workflowId: string,
  type: temporal.api.enums.v1.EventType,
): Promise<Array<string | undefined>> {
  const { events } = await env.client.workflow.getHandle(workflowId).fetchHistory();
  const of = (events ?? []).filter((e) => e.eventType === type);
  return Promise.all(of.map((e) => text(e.userMetadata?.summary as Payload | undefined)));
}

describe('the Web UI’s current details, activity and timer summaries', () => {
  it('follow a payment and its PI through their lifecycle, and every activity and timer says what it does', async () => {
    const handle = await env.startPayment(
      env.paymentInput(billNumber('meta'), [payee('100000000311', 1_000_00), payee('100000000312', 2_000_00)]),
    );
    const seen = new Set<string>();
    let done = false;
    const result = handle.result().finally(() => (done = true));
    while (!done) {
      seen.add(await currentDetails(handle.workflowId).catch(() => ''));
      await new Promise((r) => setTimeout(r, 50));
    }
    const final = await result;
    expect(final.status).toBe('PAID');
    seen.delete('');
    const stages = [...seen].map((d) => /\*\*Stage:\*\* (\w+)/.exec(d)?.[1]);
    expect(stages, [...seen].join('\n---\n')).toContain('PAID');
    expect(new Set(stages).size, 'the details changed along the way').toBeGreaterThan(1);
    expect([...seen].some((d) => d.includes('**Waiting for:** bank returns on PI'))).toBe(true);
    expect(await currentDetails(handle.workflowId)).toContain('**Waiting for:** nothing: finished');

    const piId = instructionWorkflowId(env.tenant.tenantId, final.instructions[0]!.piNumber);
    const piSummary = await (await env.client.workflow.getHandle(piId).describe()).staticSummary();
    expect(piSummary).toBe(
      `PI ${final.instructions[0]!.piNumber} · bill ${final.billNumber} · ₹3000.00 to 2 beneficiaries`,
    );
    expect(await currentDetails(piId)).toMatch(/^\*\*Stage:\*\* SUCCESSFUL\n\n\*\*Waiting for:\*\* nothing: finished/);

    for (const workflowId of [handle.workflowId, piId]) {
      const activities = await summaries(workflowId, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
      expect(activities.length).toBeGreaterThan(0);
      for (const summary of activities) expect(summary, workflowId).toMatch(/^[A-Z][a-z]+ .{5,}/);
      for (const summary of await summaries(workflowId, EventType.EVENT_TYPE_TIMER_STARTED)) {
        expect(summary, workflowId).toMatch(/^[A-Z].{10,}/);
      }
    }
    for (const workflowId of [handle.workflowId, piId]) {
      for (const result of await results(workflowId)) {
        expect(result, `${workflowId}: a plain object with readable fields`).toEqual(expect.any(Object));
      }
    }
    const piActivities = await summaries(piId, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
    expect(piActivities).toContain(`Post PI ${final.instructions[0]!.piNumber} to the treasury`);
    expect(await summaries(piId, EventType.EVENT_TYPE_TIMER_STARTED)).toContain(
      'Returns window: listen for bank returns until it closes',
    );
  });
});
