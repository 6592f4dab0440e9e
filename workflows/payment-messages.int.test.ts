import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergePolicy } from '../config/lifecycle-policy';
import {
  beneficiariesReturnedSignal,
  cancelPaymentUpdate,
  HandlerDescription,
  paymentStateQuery,
  type HandlerName,
} from '../contracts';
import { FAST_POLICY } from '../test/lifecycle-env';
import { waitFor } from '../test/wait-for';
import { mockActivities, openMockedPaymentHarness } from '../test/mocked-payment';

let h: Awaited<ReturnType<typeof openMockedPaymentHarness>>;
beforeAll(async () => {
  h = await openMockedPaymentHarness();
});
afterAll(() => h?.close());

describe('payment workflow messages (mocked activities, real server)', () => {
  it('cancels while awaiting funds: nothing is posted and the funds wait is cleared', async () => {
    const { activities, calls } = mockActivities({ fundsAfterWakeUps: 99 });
    await h.withWorker(activities, async (taskQueue) => {
      const handle = await h.start(taskQueue, h.input());
      await waitFor(async () => (await handle.query(paymentStateQuery)).status === 'AWAITING_FUNDS', 'awaiting');
      await handle.executeUpdate(cancelPaymentUpdate, { args: [{ reason: 'bill withdrawn', requestedBy: 'ops' }] });
      const final = await handle.result();
      expect(final.status).toBe('CANCELLED');
      expect(calls.postInstruction).toBeUndefined();
      expect(calls.registerFundsWait).toHaveLength(1);
      expect(calls.clearFundsWait).toHaveLength(1);
    });
  });

  it('describes every signal, query and update to the Web UI, internal ones as internal', async () => {
    const { activities } = mockActivities({ fundsAfterWakeUps: 99 });
    await h.withWorker(activities, async (taskQueue) => {
      const handle = await h.start(taskQueue, h.input());
      await waitFor(async () => (await handle.query(paymentStateQuery)).status === 'AWAITING_FUNDS', 'awaiting');
      type Definition = { name?: string | null; description?: string | null };
      const metadata = await handle.query<{
        definition?: {
          queryDefinitions?: Definition[];
          signalDefinitions?: Definition[];
          updateDefinitions?: Definition[];
        };
      }>('__temporal_workflow_metadata');
      const d = metadata.definition!;
      const described = Object.fromEntries(
        [...d.queryDefinitions!, ...d.signalDefinitions!, ...d.updateDefinitions!]
          .filter((x) => !x.name!.startsWith('__'))
          .map((x) => [x.name!, x.description]),
      );
      expect(Object.keys(described).sort()).toEqual([
        'beneficiariesReturned',
        'cancelPayment',
        'fundsAvailable',
        'instructionReport',
        'paymentState',
        'pollNow',
        'resubmitRejected',
        'supplyCorrections',
      ]);
      for (const name of Object.keys(described)) expect(described[name]).toBe(HandlerDescription[name as HandlerName]);
      expect(described.instructionReport).toMatch(/^INTERNAL/);
      await handle.executeUpdate(cancelPaymentUpdate, { args: [{ reason: 'test over', requestedBy: 'ops' }] });
      await handle.result();
    });
  });

  it("treats the Web UI's Request Cancellation as the cancel action: while awaiting funds it cancels", async () => {
    const { activities, calls } = mockActivities({ fundsAfterWakeUps: 99 });
    await h.withWorker(activities, async (taskQueue) => {
      const handle = await h.start(taskQueue, h.input());
      await waitFor(async () => (await handle.query(paymentStateQuery)).status === 'AWAITING_FUNDS', 'awaiting');
      await handle.cancel();
      const final = await handle.result();
      expect(final.status).toBe('CANCELLED');
      expect(final.cancelledReason).toMatch(/Temporal/);
      expect(calls.clearFundsWait).toHaveLength(1);
      expect((await handle.describe()).status.name).toBe('COMPLETED');
    });
  });

  it("refuses the Web UI's Request Cancellation on a PAID payment: it stays PAID and listens for returns", async () => {
    const { activities, calls } = mockActivities();
    await h.withWorker(activities, async (taskQueue) => {
      const handle = await h.start(
        taskQueue,
        h.input({ policy: mergePolicy(FAST_POLICY, { returnsWindowMs: 20_000 }) }),
      );
      const paid = await waitFor(async () => {
        const s = await handle.query(paymentStateQuery);
        return s.status === 'PAID' ? s : undefined;
      }, 'PAID');
      await handle.cancel();
      const refused = await waitFor(async () => {
        const s = await handle.query(paymentStateQuery);
        return s.lastError?.includes('cancellation refused') ? s : undefined;
      }, 'the refusal');
      expect(refused.status).toBe('PAID');
      expect((await handle.describe()).status.name).toBe('RUNNING');
      // Still listening: a bank return after the refusal is acted on.
      const piNumber = paid.instructions[0]!.piNumber;
      const first = paid.beneficiaries[0]!.beneficiaryNumber;
      await h.client.workflow.getHandle(`pi:${paid.tenantId}:${piNumber}`).signal(beneficiariesReturnedSignal, {
        piNumber,
        returned: [{ beneficiaryNumber: first, reason: 'Account is Dormant' }],
      });
      await waitFor(async () => (await handle.query(paymentStateQuery)).status === 'PARTIAL', 'PARTIAL');
      expect(calls.recordReturns).toHaveLength(1);
      await handle.terminate('test over');
    });
  });

  it('acts on returns routed to it after the PI closed', async () => {
    const { activities, calls } = mockActivities();
    await h.withWorker(activities, async (taskQueue) => {
      const handle = await h.start(
        taskQueue,
        h.input({ policy: mergePolicy(FAST_POLICY, { returnsWindowMs: 3_000 }) }),
      );
      const paid = await waitFor(async () => {
        const s = await handle.query(paymentStateQuery);
        return s.status === 'PAID' ? s : undefined;
      }, 'PAID');
      const piNumber = paid.instructions[0]!.piNumber;
      const [first, second] = paid.beneficiaries.map((b) => b.beneficiaryNumber);
      // One return while the PI still listens (it records it), one after it closed (the payment does).
      await h.client.workflow.getHandle(`pi:${paid.tenantId}:${piNumber}`).signal(beneficiariesReturnedSignal, {
        piNumber,
        returned: [{ beneficiaryNumber: second!, reason: 'Dormant' }],
      });
      await waitFor(async () => {
        const s = await handle.query(paymentStateQuery);
        return s.status === 'PARTIAL' && s.instructions.every((i) => i.closed);
      }, 'PARTIAL with its PI closed');
      const orphan = { piNumber, returned: [{ beneficiaryNumber: first!, reason: 'Account is Dormant' }] };
      await handle.signal(beneficiariesReturnedSignal, orphan);
      const failed = await waitFor(async () => {
        const s = await handle.query(paymentStateQuery);
        return s.status === 'FAILED' ? s : undefined;
      }, 'FAILED after the orphan return');
      expect(failed.beneficiaries[0]).toMatchObject({ status: 'FAILED', failureReason: 'Account is Dormant' });
      expect(calls.recordReturns).toHaveLength(2);
      expect(calls.recordReturns![1]).toEqual({ ...orphan, creditBack: false });
      await handle.executeUpdate(cancelPaymentUpdate, { args: [{ reason: 'done', requestedBy: 'ops' }] });
      expect((await handle.result()).status).toBe('CANCELLED');
    });
  });
});
