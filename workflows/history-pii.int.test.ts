import type { Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billNumber, openLifecycleEnv, payee, type LifecycleEnv } from '../test/lifecycle-env';

let env: LifecycleEnv;
beforeAll(async () => {
  env = await openLifecycleEnv({ label: 'history-pii' });
});
afterAll(async () => {
  await env?.close();
});

/** Every payload of a history as text, decrypted first (as an auditor sees it through the codec). */
async function payloadTexts(events: temporal.api.history.v1.IHistoryEvent[]): Promise<string[]> {
  const payloads: Payload[] = [];
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    if (value instanceof Uint8Array) return;
    const maybe = value as Payload;
    if (maybe.metadata && maybe.data instanceof Uint8Array) {
      payloads.push(maybe);
      return;
    }
    for (const child of Object.values(value)) visit(child);
  };
  for (const event of events) visit(event);
  let decoded = payloads;
  for (const codec of env.dataConverter.payloadCodecs ?? []) decoded = await codec.decode(decoded);
  return decoded.map((p) => Buffer.from(p.data ?? new Uint8Array()).toString('utf8'));
}

const occurrences = (texts: string[], needle: string) => texts.reduce((n, t) => n + (t.split(needle).length - 1), 0);

describe('personal data in workflow history', () => {
  it('carries payee details only in the bill and the one activity that records it, never in a PI history', async () => {
    const account = '100000000077';
    const handle = await env.startPayment(
      env.paymentInput(billNumber('pii'), [payee(account, 100_00), payee('100000000078', 200_00)]),
    );
    const final = await handle.result();
    const paymentEvents = (await handle.fetchHistory()).events ?? [];
    const piEvents =
      (
        await env.client.workflow
          .getHandle(`pi:${env.tenant.tenantId}:${final.instructions[0]!.piNumber}`)
          .fetchHistory()
      ).events ?? [];
    const payment = await payloadTexts(paymentEvents);
    const pi = await payloadTexts(piEvents);
    const bytes = (texts: string[]) => texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
    console.log(
      `per paid payment of 2 beneficiaries: payment ${paymentEvents.length} events, ${bytes(payment)} payload bytes, ` +
        `account number ${occurrences(payment, account)}x; PI ${piEvents.length} events, ${bytes(pi)} payload bytes, ` +
        `account number ${occurrences(pi, account)}x`,
    );
    const carriers: unknown[] = [];
    for (const e of paymentEvents) if (occurrences(await payloadTexts([e]), account) > 0) carriers.push(e.eventType);
    expect(carriers, 'events carrying the account number').toEqual([
      temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
      temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
    ]);
    expect(occurrences(pi, account)).toBe(0);
  });
});
