import type { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import type { Activities } from '../activities';
import { mergePolicy } from '../config/lifecycle-policy';
import type { PaymentInput } from '../contracts';
import { openIntegrationEnv } from './integration-env';
import { FAST_POLICY, payee } from './lifecycle-env';
import type { paymentWorkflow } from '../workflows/payment';

/**
 * The payment workflow on the real test server with its activities mocked: the treasury and the
 * database answer what each test needs, and every call is counted. For tests of the workflow's
 * messages and its continue-as-new, where real activities would only slow them down.
 */
export async function openMockedPaymentHarness() {
  const env = await openIntegrationEnv();
  const client: Client = env.client;
  const nativeConnection = await NativeConnection.connect({ address: inject('temporalAddress') });

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

  const input = (overrides: Partial<PaymentInput> = {}): PaymentInput => ({
    tenantId: 'test.messages',
    billNumber: `MSG-${randomUUID().slice(0, 8)}`,
    beneficiaries: [payee('100000000101', 100_00), payee('100000000102', 100_00)],
    submittedAt: new Date().toISOString(),
    submittedBy: 'test',
    policy: mergePolicy(FAST_POLICY, { returnsWindowMs: 500 }),
    ...overrides,
  });

  const start = (taskQueue: string, args: PaymentInput) =>
    client.workflow.start<typeof paymentWorkflow>('paymentWorkflow', {
      taskQueue,
      workflowId: `payment:${args.tenantId}:${args.billNumber}`,
      args: [args],
    });

  return {
    client,
    withWorker,
    input,
    start,
    async close() {
      await nativeConnection.close();
      await env.close();
    },
  };
}

type Calls = Record<string, unknown[]>;
export function mockActivities(options: { fundsAfterWakeUps?: number; holdRecordOf?: string } = {}) {
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
