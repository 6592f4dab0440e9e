import type { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Activities } from '../activities';
import { DEFAULT_LIFECYCLE_POLICY, mergePolicy } from '../config/lifecycle-policy';
import {
  beneficiariesReturnedSignal,
  cancelPaymentUpdate,
  fundsAvailableSignal,
  HandlerDescription,
  paymentStateQuery,
  type HandlerName,
  type PaymentInput,
} from '../contracts';
import { openIntegrationEnv, type IntegrationEnv } from '../test/integration-env';
import { FAST_POLICY, payee } from '../test/lifecycle-env';
import { waitFor } from '../test/wait-for';
import type { paymentWorkflow } from './payment';
import { initialState } from './payment/state';

/**
 * The payment workflow on the real dev server with its activities mocked: the treasury and the
 * database answer what each test needs, and every call is counted.
 */
let env: IntegrationEnv;
let nativeConnection: NativeConnection;
let client: Client;
beforeAll(async () => {
  env = await openIntegrationEnv();
  client = env.client;
  nativeConnection = await NativeConnection.connect({ address: inject('temporalAddress') });
});
afterAll(async () => {
  await nativeConnection?.close();
  await env?.close();
});

type Calls = Record<string, unknown[]>;
function mockActivities(options: { fundsAfterWakeUps?: number; holdRecordOf?: string } = {}) {
  const calls: Calls = {};
  let reserveAttempts = 0;
  const track =
    <A, R>(name: string, answer: (a: A) => R | Promise<R>) =>
    async (a: A): Promise<R> => {
      (calls[name] ??= []).push(a);
      return answer(a);
    };
  // Holds the first read-model write of the given status until released: messages arrive meanwhile.
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held = false;
  const recordPayment = async (a: { status?: string; state?: { status: string } }) => {
    // (`state.status`: the shape of this activity's input before it sent only what changed)
    if (!held && (a.status ?? a.state?.status) === options.holdRecordOf) {
      held = true;
      await released;
    }
    return { recorded: 'RECEIVED' as const };
  };
  const prepared = new Map<string, string[]>();
  const activities: Partial<Activities> = {
    recordPayment: track('recordPayment', recordPayment),
    recordCorrections: track('recordCorrections', () => ({ corrected: 1 })),
    registerFundsWait: track('registerFundsWait', () => ({ awaitingFundsSince: '' })),
    clearFundsWait: track('clearFundsWait', () => ({ cleared: 1 })),
    flagFundsWaitOverdue: track('flagFundsWaitOverdue', () => ({ flagged: true })),
    flagInstructionStuck: track('flagInstructionStuck', () => undefined),
    prepareInstruction: track('prepareInstruction', (i: { piNumber: string; beneficiaryNumbers: string[] }) => {
      prepared.set(i.piNumber, i.beneficiaryNumbers);
      return { amountPaise: 100_00 * i.beneficiaryNumbers.length };
    }),
    reserveInstructionFunds: track('reserveInstructionFunds', () =>
      ++reserveAttempts > (options.fundsAfterWakeUps ?? 0)
        ? { outcome: 'RESERVED' as const, hoaCode: 'HOA-1' }
        : { outcome: 'INSUFFICIENT_FUNDS' as const, largestAvailablePaise: 0 },
    ),
    postInstruction: track('postInstruction', () => ({ status: 'INITIATED' as const })),
    pollSanction: track('pollSanction', () => ({ status: 'APPROVED' as const })),
    pollAdvice: track('pollAdvice', () => ({ status: 'IN_PROCESS' as const })),
    pollDisbursement: track('pollDisbursement', (i: { piNumber: string }) => ({
      paid: (prepared.get(i.piNumber) ?? []).map((beneficiaryNumber) => ({
        beneficiaryNumber,
        utrNo: `UTR-${beneficiaryNumber}`,
      })),
    })),
    recordReturns: track('recordReturns', (i: { returned: Array<{ beneficiaryNumber: string; reason: string }> }) => ({
      newlyReturned: i.returned,
      returned: i.returned,
    })),
  };
  return { activities, calls, release, isHeld: () => held };
}

async function withWorker<T>(activities: Partial<Activities>, run: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = `test-messages-${randomUUID().slice(0, 8)}`;
  const worker = await Worker.create({
    connection: nativeConnection,
    namespace: inject('temporalNamespace'),
    taskQueue,
    activities,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    dataConverter: env.dataConverter, // the platform's payload codec, as the client encodes with it
  });
  return worker.runUntil(run(taskQueue));
}

function input(overrides: Partial<PaymentInput> = {}): PaymentInput {
  return {
    tenantId: 'test.messages',
    billNumber: `MSG-${randomUUID().slice(0, 8)}`,
    beneficiaries: [payee('100000000101', 100_00), payee('100000000102', 100_00)],
    submittedAt: new Date().toISOString(),
    submittedBy: 'test',
    policy: mergePolicy(FAST_POLICY, { returnsWindowMs: 500 }),
    ...overrides,
  };
}

const start = (taskQueue: string, args: PaymentInput) =>
  client.workflow.start<typeof paymentWorkflow>('paymentWorkflow', {
    taskQueue,
    workflowId: `payment:${args.tenantId}:${args.billNumber}`,
    args: [args],
  });

describe('payment workflow messages (mocked activities, real server)', () => {
  it('cancels while awaiting funds: nothing is posted and the funds wait is cleared', async () => {
    const { activities, calls } = mockActivities({ fundsAfterWakeUps: 99 });
    await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue, input());
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
    await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue, input());
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
    await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue, input());
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
    await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue, input({ policy: mergePolicy(FAST_POLICY, { returnsWindowMs: 20_000 }) }));
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
      await client.workflow.getHandle(`pi:${paid.tenantId}:${piNumber}`).signal(beneficiariesReturnedSignal, {
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
    await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue, input({ policy: mergePolicy(FAST_POLICY, { returnsWindowMs: 3_000 }) }));
      const paid = await waitFor(async () => {
        const s = await handle.query(paymentStateQuery);
        return s.status === 'PAID' ? s : undefined;
      }, 'PAID');
      const piNumber = paid.instructions[0]!.piNumber;
      const [first, second] = paid.beneficiaries.map((b) => b.beneficiaryNumber);
      // One return while the PI still listens (it records it), one after it closed (the payment does).
      await client.workflow.getHandle(`pi:${paid.tenantId}:${piNumber}`).signal(beneficiariesReturnedSignal, {
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

  it('continues as new while waiting for funds and acts on everything the carried inbox holds', async () => {
    const { activities, calls } = mockActivities();
    await withWorker(activities, async (taskQueue) => {
      // A run that continued as new just as its PI reported NO_FUNDS and money arrived.
      const args = input({ policy: mergePolicy(DEFAULT_LIFECYCLE_POLICY, FAST_POLICY) });
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
      const handle = await start(taskQueue, { ...args, beneficiaries: [], carried });
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
    await withWorker(activities, async (taskQueue) => {
      const handle = await start(
        taskQueue,
        input({ policy: mergePolicy(FAST_POLICY, { historyEventsBeforeContinueAsNew: 30 }) }),
      );
      for (let i = 0; i < 3; i++) {
        await waitFor(async () => (await handle.query(paymentStateQuery)).status === 'AWAITING_FUNDS', 'awaiting');
        await handle.signal(fundsAvailableSignal, { tenantId: 'test.messages', hoaCode: 'HOA-1', availablePaise: 1 });
        await waitFor(() => Promise.resolve((calls.reserveInstructionFunds?.length ?? 0) > i + 1), `retry ${i + 1}`);
      }
      const final = await client.workflow.getHandle(handle.workflowId).result();
      expect(final.status).toBe('PAID');
      expect(calls.registerFundsWait).toHaveLength(1);
      const description = await client.workflow.getHandle(handle.workflowId).describe();
      expect(description.runId).not.toBe(handle.firstExecutionRunId); // it did continue as new
    });
  });

  it('acts on a funds wake-up that arrives while it decides to continue as new', async () => {
    const { activities, calls, release, isHeld } = mockActivities({
      fundsAfterWakeUps: 1,
      holdRecordOf: 'AWAITING_FUNDS',
    });
    await withWorker(activities, async (taskQueue) => {
      // A history this short is "full" from the start: the run continues as new whenever it is idle.
      const handle = await start(
        taskQueue,
        input({ policy: mergePolicy(FAST_POLICY, { historyEventsBeforeContinueAsNew: 5 }) }),
      );
      await waitFor(() => Promise.resolve(isHeld()), 'AWAITING_FUNDS being recorded');
      await handle.signal(fundsAvailableSignal, { tenantId: 'test.messages', hoaCode: 'HOA-1', availablePaise: 1 });
      release();
      const final = await client.workflow.getHandle(handle.workflowId).result();
      expect(final.status).toBe('PAID');
      expect(calls.reserveInstructionFunds).toHaveLength(2);
    });
  });
});
