import type { Worker } from '@temporalio/worker';
import { randomBytes, randomUUID } from 'node:crypto';
import pino from 'pino';
import { Registry } from 'prom-client';
import { startPayment } from '../api/temporal/start-payment';
import { loadConfig } from '../config';
import { mergePolicy, DEFAULT_LIFECYCLE_POLICY, type LifecyclePolicyOverrides } from '../config/lifecycle-policy';
import type { BillBeneficiary, FailureSweepResult, PaymentInput } from '../contracts';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../simulator/server';
import { createTreasuryGateway, type TreasuryGateway } from '../treasury';
import { createFundedTenant } from './funded-tenant';
import { openIntegrationEnv, type IntegrationEnv } from './integration-env';

/** Polls every ~100 ms, stages flagged stuck after 60 s, returns listened for 1.5 s: a lifecycle in seconds. */
export const FAST_POLICY = mergePolicy(DEFAULT_LIFECYCLE_POLICY, {
  sanction: { initialIntervalMs: 100, backoffCoefficient: 1.5, maximumIntervalMs: 1_000, deadlineMs: 60_000 },
  advice: { initialIntervalMs: 100, backoffCoefficient: 1.5, maximumIntervalMs: 1_000, deadlineMs: 60_000 },
  disbursement: { initialIntervalMs: 100, backoffCoefficient: 1.5, maximumIntervalMs: 1_000, deadlineMs: 60_000 },
  revisedDisbursement: {
    initialIntervalMs: 100,
    backoffCoefficient: 1.5,
    maximumIntervalMs: 1_000,
    deadlineMs: 60_000,
  },
  confirmation: { initialIntervalMs: 100, backoffCoefficient: 1.5, maximumIntervalMs: 1_000, deadlineMs: 60_000 },
  returnsWindowMs: 1_500,
  fundsWaitDeadlineMs: 60_000,
});

export const FAST_DELAYS = {
  ssuApprovalDelayMs: 200,
  adviceDelayMs: 200,
  disbursementDelayMs: 200,
  returnDelayMs: 300,
};

export interface LifecycleEnvOptions {
  label: string;
  /** What the tenant's one sanction has been allotted, at the treasury and in our ledger (default ₹10 lakh). */
  sanctionPaise?: number;
  /** Put the sanction in our ledger at start (default) or leave it for VA sync to bring. */
  fundLedger?: boolean;
  simulator?: Omit<SimulatorOptions, 'clientId' | 'clientSecret' | 'seed'>;
}

/**
 * A whole platform in one test file: the shared Temporal test server and database, a treasury
 * simulator seeded with this file's own tenant, SSU and sanction, a real gateway, and a worker
 * with every activity on a task queue of its own.
 */
export async function openLifecycleEnv(options: LifecycleEnvOptions) {
  const env: IntegrationEnv = await openIntegrationEnv();
  const sanctionPaise = options.sanctionPaise ?? 10_00_000_00;
  const { tenant, master, seed } = await createFundedTenant(env.db, sanctionPaise, options.fundLedger ?? true);
  const clientId = `it-${options.label}-${randomUUID().slice(0, 8)}`;
  const clientSecret = randomBytes(12).toString('hex');
  const simulator: RunningSimulator = await startSimulator({
    clientId,
    clientSecret,
    delays: FAST_DELAYS,
    ...options.simulator,
    seed,
  });
  /** The treasury settings of this platform, as environment variables (a worker process gets the same). */
  const treasuryEnv: Record<string, string> = {
    TREASURY_BASE_URL: simulator.url,
    TREASURY_CLIENT_ID: clientId,
    TREASURY_CLIENT_SECRET: clientSecret,
    TREASURY_SESSION_KEY: randomBytes(32).toString('base64'),
    AUDIT_LOG_KEY: randomBytes(32).toString('base64'),
  };
  const config = loadConfig({ NODE_ENV: 'test', ...treasuryEnv });
  const treasury: TreasuryGateway = createTreasuryGateway({
    config: config.treasury,
    audit: config.audit,
    db: env.db,
    log: pino({ level: 'silent' }),
    registry: new Registry(),
    publicKeyPem: simulator.publicKeyPem,
  });
  const taskQueue = env.uniqueTaskQueue(options.label);
  let worker: Worker = await env.createWorker(taskQueue, { treasury });
  let running = worker.run();

  return {
    ...env,
    tenant,
    master,
    simulator,
    treasury,
    treasuryEnv,
    taskQueue,
    paymentInput(
      billNumber: string,
      beneficiaries: BillBeneficiary[],
      policy: LifecyclePolicyOverrides = {},
    ): PaymentInput {
      return {
        tenantId: tenant.tenantId,
        billNumber,
        beneficiaries,
        submittedAt: new Date().toISOString(),
        submittedBy: 'test',
        policy: mergePolicy(FAST_POLICY, policy),
      };
    },
    startPayment: (input: PaymentInput) => startPayment(env.client, input, taskQueue),
    /** One run of the failure sweep (what its Schedule starts), on this platform's worker. */
    sweepFailures: (): Promise<FailureSweepResult> =>
      env.client.workflow.execute('failureSweepWorkflow', {
        taskQueue,
        workflowId: `test-sweep-${randomUUID()}`,
      }),
    /** Stops the worker abruptly-enough for tests and starts a fresh one (same task queue). */
    async restartWorker(): Promise<void> {
      worker.shutdown();
      await running;
      worker = await env.createWorker(taskQueue, { treasury });
      running = worker.run();
    },
    async close(): Promise<void> {
      worker.shutdown();
      await running;
      await treasury.close();
      await simulator.close();
      await env.close();
    },
  };
}

export type LifecycleEnv = Awaited<ReturnType<typeof openLifecycleEnv>>;

let billSequence = 0;
/** Unique per call, readable in the UI, and free of the simulator's rejection pattern unless asked. */
export function billNumber(label: string): string {
  billSequence += 1;
  return `${label}-${Date.now().toString(36)}-${process.pid}-${billSequence}`.toUpperCase();
}

export function payee(
  accountNumber: string,
  amountPaise: number,
  extra: Partial<BillBeneficiary> = {},
): BillBeneficiary {
  return {
    name: `Payee ${accountNumber.slice(-4)}`,
    accountNumber,
    ifsc: 'SBIN0000041',
    amountPaise,
    type: 'IND',
    mobile: '9000000000',
    address: 'Angul',
    lineItemIds: [`LI-${accountNumber}`],
    ...extra,
  };
}
