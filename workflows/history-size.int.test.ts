import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billNumber, FAST_DELAYS, openLifecycleEnv, payee, type LifecycleEnv } from '../test/lifecycle-env';

let env: LifecycleEnv;
beforeAll(async () => {
  // The SSU takes 6 s to sign: long enough for many polls.
  env = await openLifecycleEnv({
    label: 'history',
    simulator: { delays: { ...FAST_DELAYS, ssuApprovalDelayMs: 6_000 } },
  });
});
afterAll(async () => {
  await env?.close();
});

describe('history size', () => {
  it('stays the same however many times the treasury is polled', async () => {
    // Polling as often as the server allows (it spaces retries at least 1 s apart) makes about six
    // attempts before the SSU signs, polling every 8 s makes two; the
    // attempts are retries of one activity, so neither adds a history event.
    const eager = await env.startPayment(
      env.paymentInput(billNumber('eager'), [payee('100000000041', 100_00)], {
        sanction: { initialIntervalMs: 10, backoffCoefficient: 1, maximumIntervalMs: 10 },
      }),
    );
    const patient = await env.startPayment(
      env.paymentInput(billNumber('patient'), [payee('100000000042', 100_00)], {
        sanction: { initialIntervalMs: 8_000, backoffCoefficient: 1, maximumIntervalMs: 8_000 },
      }),
    );
    const [a, b] = await Promise.all([eager.result(), patient.result()]);
    const history = async (piNumber: string) =>
      (await env.client.workflow.getHandle(`pi:${env.tenant.tenantId}:${piNumber}`).fetchHistory()).events ?? [];
    const eagerEvents = await history(a.instructions[0]!.piNumber);
    const patientEvents = await history(b.instructions[0]!.piNumber);
    const sanctionAttempts = (events: typeof eagerEvents) =>
      Math.max(...events.map((e) => e.activityTaskStartedEventAttributes?.attempt ?? 0));
    expect(sanctionAttempts(patientEvents)).toBe(2);
    expect(sanctionAttempts(eagerEvents)).toBeGreaterThan(sanctionAttempts(patientEvents) + 2);
    expect(eagerEvents.length).toBe(patientEvents.length);
    const parentEvents = (await eager.fetchHistory()).events?.length ?? 0;
    console.log(
      `history events of a paid payment: payment ${parentEvents} + PI ${eagerEvents.length}, with ${sanctionAttempts(eagerEvents)} or ${sanctionAttempts(patientEvents)} sanction polls`,
    );
  });
});
