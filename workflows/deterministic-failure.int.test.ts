import { WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import type { Worker } from '@temporalio/worker';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInbox } from '../api/inbox/inbox';
import { startPayment } from '../api/temporal/start-payment';
import { LifecycleErrorType, probeWorkflowId, SearchAttr, type PaymentInput } from '../contracts';
import { createTestTenant, type TestTenant } from '../test/funds-fixtures';
import { openIntegrationEnv, type IntegrationEnv } from '../test/integration-env';
import { FAST_POLICY, payee } from '../test/lifecycle-env';

/**
 * Input the database can never take, started straight on Temporal (the API's edge refuses it since
 * issue 13): the activity must fail once, typed and non-retryable, and the workflow must stop with
 * the reason instead of retrying for ever. Before the fix both workflows below never finished.
 */
let env: IntegrationEnv;
let worker: Worker;
let running: Promise<void>;
let taskQueue: string;
let tenant: TestTenant;
const registry = new Registry();

beforeAll(async () => {
  env = await openIntegrationEnv();
  tenant = await createTestTenant(env.db);
  taskQueue = env.uniqueTaskQueue('deterministic');
  worker = await env.createWorker(taskQueue, { registry });
  running = worker.run();
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.close();
});

/** Settles within the bound or says it did not: a workflow retrying for ever must fail the test, not hang it. */
async function settled(result: Promise<unknown>, ms = 30_000): Promise<unknown> {
  const timeout = new Promise((resolve) => setTimeout(() => resolve('still running'), ms).unref());
  return Promise.race([
    result.then(
      () => 'completed',
      (err: unknown) => err,
    ),
    timeout,
  ]);
}

function expectDeterministic(err: unknown, activity: string) {
  expect(err).toBeInstanceOf(WorkflowFailedError);
  let cause = (err as WorkflowFailedError).cause;
  if (cause instanceof ActivityFailure) cause = cause.cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  expect((cause as ApplicationFailure).type).toBe(LifecycleErrorType.DeterministicActivityFailure);
  expect(cause!.message).toContain(activity);
  expect(cause!.message).toMatch(/SQLSTATE 22021/);
}

const counted = async (activity: string) =>
  (await registry.getSingleMetric('activity_deterministic_failures_total')!.get()).values.find(
    (v) => v.labels.activity === activity,
  )?.value ?? 0;

describe('an activity the database can never satisfy', () => {
  it('fails the probe workflow once, typed and not retried, instead of retrying recordProbe for ever', async () => {
    const probeId = `nul-${Date.now()}`;
    const handle = await env.client.workflow.start('platformProbeWorkflow', {
      taskQueue,
      workflowId: probeWorkflowId(tenant.tenantId, probeId),
      args: [{ tenantId: tenant.tenantId, probeId, note: 'a\u0000b' }],
    });
    expectDeterministic(await settled(handle.result()), 'recordProbe');
    expect(await counted('recordProbe')).toBe(1);
    expect(await env.db('platform_probes').where({ probe_id: probeId })).toHaveLength(0);
  });

  it('flags the payment (search attribute, inbox) with the reason and stops it', async () => {
    const input: PaymentInput = {
      tenantId: tenant.tenantId,
      billNumber: `NUL-${Date.now()}`,
      beneficiaries: [{ ...payee('100000000011', 1_000_00), mobile: '9000000000' }],
      submittedAt: new Date().toISOString(),
      submittedBy: 'mallory\u0000',
      policy: FAST_POLICY,
    };
    const handle = await startPayment(env.client, input, taskQueue);
    expectDeterministic(await settled(handle.result()), 'recordPayment');

    const attributes = (await handle.describe()).typedSearchAttributes.get(SearchAttr.paymentFlag);
    expect(attributes).toMatch(/^recordPayment: the database refused the input \(SQLSTATE 22021/);
    const inbox = await readInbox(env.db, tenant.tenantId, 10);
    expect(inbox.flaggedPayments.items).toEqual([
      expect.objectContaining({
        paymentId: handle.workflowId,
        billNumber: input.billNumber,
        activity: 'recordPayment',
      }),
    ]);
    expect(inbox.flaggedPayments.items[0]!.reason).not.toContain('mallory');
    expect(await counted('recordPayment')).toBe(1);
    // One attempt, not a retry loop.
    const history = await handle.fetchHistory();
    const failedAttempts = history.events!.filter((e) => e.activityTaskFailedEventAttributes).length;
    expect(failedAttempts).toBe(1);
  });
});
