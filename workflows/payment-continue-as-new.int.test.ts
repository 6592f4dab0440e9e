import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIFECYCLE_POLICY, mergePolicy } from '../config/lifecycle-policy';
import { fundsAvailableSignal, paymentStateQuery } from '../contracts';
import { FAST_POLICY } from '../test/lifecycle-env';
import { waitFor } from '../test/wait-for';
import { mockActivities, openMockedPaymentHarness } from '../test/mocked-payment';
import { initialState } from './payment/state';

let h: Awaited<ReturnType<typeof openMockedPaymentHarness>>;
beforeAll(async () => {
  h = await openMockedPaymentHarness();
});
afterAll(() => h?.close());

describe('payment workflow continue-as-new (mocked activities, real server)', () => {
  it('continues as new while waiting for funds and acts on everything the carried inbox holds', async () => {
    const { activities, calls } = mockActivities();
    await h.withWorker(activities, async (taskQueue) => {
      // A run that continued as new just as its PI reported NO_FUNDS and money arrived.
      const args = h.input({ policy: mergePolicy(DEFAULT_LIFECYCLE_POLICY, FAST_POLICY) });
      const carried = initialState(args, []);
      Object.assign(carried, {
        beneficiaries: [{ beneficiaryNumber: 'BN/x/1', amountPaise: 100_00, status: 'PENDING' }],
        instructions: [
          {
            piNumber: 'PI/x/1',
            kind: 'ORIGINAL',
            status: 'PREPARED',
            beneficiaryNumbers: ['BN/x/1'],
            amountPaise: 100_00,
            createdAt: new Date().toISOString(),
            closed: false,
          },
        ],
        originalCount: 1,
        recordedStatus: 'RECEIVED',
      });
      carried.beneficiaries[0]!.piNumber = 'PI/x/1';
      carried.inbox.reports.push({
        piNumber: 'PI/x/1',
        kind: 'ORIGINAL',
        status: 'NO_FUNDS',
        beneficiaries: [],
        closed: true,
      });
      carried.inbox.fundsWakeUps = 1;
      const handle = await h.start(taskQueue, { ...args, beneficiaries: [], carried });
      const final = await handle.result();
      expect(final.status).toBe('PAID');
      // The carried report made it wait for funds, and the carried wake-up retried the same PI at once.
      expect(calls.registerFundsWait).toHaveLength(1);
      expect(calls.clearFundsWait).toHaveLength(1);
      expect(calls.reserveInstructionFunds).toHaveLength(1);
      expect(calls.prepareInstruction).toEqual([
        expect.objectContaining({ piNumber: 'PI/x/1', beneficiaryNumbers: ['BN/x/1'] }),
      ]);
    });
  });

  it('continues as new when its history grows long, losing no funds wake-up on the way', async () => {
    const { activities, calls } = mockActivities({ fundsAfterWakeUps: 3 });
    await h.withWorker(activities, async (taskQueue) => {
      const handle = await h.start(
        taskQueue,
        h.input({ policy: mergePolicy(FAST_POLICY, { historyEventsBeforeContinueAsNew: 30 }) }),
      );
      for (let i = 0; i < 3; i++) {
        await waitFor(async () => (await handle.query(paymentStateQuery)).status === 'AWAITING_FUNDS', 'awaiting');
        await handle.signal(fundsAvailableSignal, { tenantId: 'test.messages', hoaCode: 'HOA-1', availablePaise: 1 });
        await waitFor(() => Promise.resolve((calls.reserveInstructionFunds?.length ?? 0) > i + 1), `retry ${i + 1}`);
      }
      const final = await h.client.workflow.getHandle(handle.workflowId).result();
      expect(final.status).toBe('PAID');
      expect(calls.registerFundsWait).toHaveLength(1);
      const description = await h.client.workflow.getHandle(handle.workflowId).describe();
      expect(description.runId).not.toBe(handle.firstExecutionRunId); // it did continue as new
    });
  });

  it('acts on a funds wake-up that arrives while it decides to continue as new', async () => {
    const { activities, calls, release, isHeld } = mockActivities({
      fundsAfterWakeUps: 1,
      holdRecordOf: 'AWAITING_FUNDS',
    });
    await h.withWorker(activities, async (taskQueue) => {
      // A history this short is "full" from the start: the run continues as new whenever it is idle.
      const handle = await h.start(
        taskQueue,
        h.input({ policy: mergePolicy(FAST_POLICY, { historyEventsBeforeContinueAsNew: 5 }) }),
      );
      await waitFor(() => Promise.resolve(isHeld()), 'AWAITING_FUNDS being recorded');
      await handle.signal(fundsAvailableSignal, { tenantId: 'test.messages', hoaCode: 'HOA-1', availablePaise: 1 });
      release();
      const final = await h.client.workflow.getHandle(handle.workflowId).result();
      expect(final.status).toBe('PAID');
      expect(calls.reserveInstructionFunds).toHaveLength(2);
    });
  });
});
