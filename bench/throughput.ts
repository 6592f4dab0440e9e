import { temporal } from '@temporalio/proto';
import { startPayment } from '../api/temporal/start-payment';
import { mergePolicy, DEFAULT_LIFECYCLE_POLICY } from '../config/lifecycle-policy';
import type { PaymentInput } from '../contracts';
import { instructionWorkflowId, originalPiNumber } from '../contracts';
import { startBenchPlatform, type BenchPlatform } from './lib/platform';
import { samplePostgres } from './lib/postgres-usage';
import { sampleProcesses } from './lib/process-usage';
import type { BenchRun } from './lib/run-options';
import { pool, progress } from './lib/progress';
import { round, summary } from './lib/stats';
import { billTotal, generateBills } from './lib/workload';
import type { FloorShape } from './floor/workflows';

const EventType = temporal.api.enums.v1.EventType;

/** Polls as soon as the treasury could answer: with zero treasury delay, the platform is the limit. */
const ZERO_DELAY_POLICY = mergePolicy(DEFAULT_LIFECYCLE_POLICY, {
  sanction: { initialIntervalMs: 50, maximumIntervalMs: 1_000, deadlineMs: 3_600_000 },
  advice: { initialIntervalMs: 50, maximumIntervalMs: 1_000, deadlineMs: 3_600_000 },
  disbursement: { initialIntervalMs: 50, maximumIntervalMs: 1_000, deadlineMs: 3_600_000 },
  revisedDisbursement: { initialIntervalMs: 50, maximumIntervalMs: 1_000, deadlineMs: 3_600_000 },
  returnsWindowMs: 0,
  fundsWaitDeadlineMs: 3_600_000,
});

export interface ThroughputResult {
  payments: number;
  beneficiaries: number;
  paymentsPerSecond: number;
  submitToPaidMs: ReturnType<typeof summary>;
  historyEventsPerPayment: number;
  treasuryCallsPerPayment: number;
  treasuryCallsByService: Record<string, number>;
  /** Summed over the worker processes. */
  worker: { peakRssMb: number; cpuSeconds: number; cpuUtilisation: number };
  /** Summed over the engine's processes (one, or four when split); the UI is not started. */
  temporalServer: { cpuSeconds: number; cpuUtilisation: number };
  /** The PostgreSQL server (the app's database, and the engine's on the PostgreSQL engine). */
  postgres: {
    cpuSeconds: number | null;
    cpuUtilisation: number | null;
    /** Per database role: connections opened and transactions committed, per payment. */
    perPayment: Record<string, { sessions: number; commits: number }>;
  };
  floor: { paymentsPerSecond: number; shape: FloorShape };
  ratioToFloor: number;
}

export async function runThroughput(n: number, run: BenchRun): Promise<ThroughputResult> {
  const bills = generateBills(n);
  const platform = await startBenchPlatform({
    label: 'throughput',
    allottedPaise: bills.reduce((sum, b) => sum + billTotal(b), 0) + 1_00,
    simulator: {
      delays: { ssuApprovalDelayMs: 0, adviceDelayMs: 0, disbursementDelayMs: 0, returnDelayMs: 86_400_000 },
    },
    workerEnv: run.workerEnv,
    engine: run.engine,
  });
  try {
    const workers = await platform.startWorkers(run.workers);
    const usage = sampleProcesses(workers.map((w) => w.pid!));
    const serverUsage = sampleProcesses(Object.values(platform.enginePids()));
    const databases = platform.databases();
    const postgresUsage = await samplePostgres(platform.db, Object.values(databases));
    const submitted = new Map<string, number>();
    const bar = progress('payments', n);
    const started = Date.now();
    const inputs: PaymentInput[] = bills.map((beneficiaries, i) => ({
      tenantId: platform.tenant.tenantId,
      billNumber: `T-${i}`,
      beneficiaries,
      submittedAt: new Date().toISOString(),
      submittedBy: 'bench',
      policy: ZERO_DELAY_POLICY,
    }));
    await pool(inputs, 32, async (input) => {
      submitted.set(input.billNumber, Date.now());
      await startPayment(platform.client, input, platform.taskQueue);
    });
    const paidAt = await waitForPaid(platform, n, (done) => bar.update(done));
    bar.done();
    const elapsedSeconds = (Math.max(...paidAt.values()) - started) / 1000;
    const workerUsage = await usage.stop();
    const temporalUsage = await serverUsage.stop();
    const postgres = await postgresUsage.stop();
    const latencies = [...paidAt].map(([bill, at]) => at - submitted.get(bill)!);
    const sample = inputs.slice(0, Math.min(20, n));
    const shape = await measureShape(platform, sample);
    const received = (await fetch(`${platform.simulator.url}/admin/received`).then((r) => r.json())) as {
      byService: Record<string, number>;
      auth: number;
    };
    const calls = Object.values(received.byService).reduce((a, b) => a + b, 0);
    const floor = await runFloor(platform, n, shape.floor, run.workers);
    const paymentsPerSecond = n / elapsedSeconds;
    return {
      payments: n,
      beneficiaries: bills.reduce((sum, b) => sum + b.length, 0),
      paymentsPerSecond: round(paymentsPerSecond),
      submitToPaidMs: summary(latencies),
      historyEventsPerPayment: round(shape.eventsPerPayment, 1),
      treasuryCallsPerPayment: round(calls / n, 2),
      treasuryCallsByService: { ...received.byService, AUTH: received.auth },
      worker: {
        peakRssMb: round(workerUsage.peakRssBytes / 2 ** 20, 1),
        cpuSeconds: round(workerUsage.cpuSeconds, 1),
        cpuUtilisation: round(workerUsage.cpuSeconds / elapsedSeconds, 2),
      },
      temporalServer: {
        cpuSeconds: round(temporalUsage.cpuSeconds, 1),
        cpuUtilisation: round(temporalUsage.cpuSeconds / elapsedSeconds, 2),
      },
      postgres: {
        cpuSeconds: postgres.cpuSeconds === null ? null : round(postgres.cpuSeconds, 1),
        cpuUtilisation: postgres.cpuSeconds === null ? null : round(postgres.cpuSeconds / elapsedSeconds, 2),
        perPayment: Object.fromEntries(
          Object.entries(databases).map(([role, name]) => {
            const c = postgres.byDatabase[name] ?? { sessions: 0, commits: 0 };
            return [role, { sessions: round(c.sessions / n, 2), commits: round(c.commits / n, 1) }];
          }),
        ),
      },
      floor: { paymentsPerSecond: round(floor), shape: shape.floor },
      ratioToFloor: round(paymentsPerSecond / floor, 2),
    };
  } finally {
    await platform.stop();
  }
}

/** When each payment was recorded PAID (the read model's status log), polled from the database. */
async function waitForPaid(platform: BenchPlatform, n: number, onProgress: (done: number) => void) {
  const paidAt = new Map<string, number>();
  const deadline = Date.now() + Math.max(300_000, n * 1_000);
  while (paidAt.size < n) {
    if (Date.now() > deadline) throw new Error(`only ${paidAt.size} of ${n} payments were paid in time`);
    await new Promise((r) => setTimeout(r, 500));
    const rows = (await platform
      .db('payments as p')
      .join('status_log as s', function () {
        this.on('s.subject_id', 'p.workflow_id').andOnVal('s.status', 'PAID');
      })
      .where('p.tenant_id', platform.tenant.tenantId)
      .select('p.bill_number', 's.at')) as Array<{ bill_number: string; at: Date }>;
    for (const r of rows) paidAt.set(r.bill_number, r.at.getTime());
    onProgress(paidAt.size);
  }
  return paidAt;
}

/** History events of whole payments (payment + PI workflows), and the activity/timer shape of one. */
async function measureShape(platform: BenchPlatform, sample: PaymentInput[]) {
  let events = 0;
  let floor: FloorShape = { parentActivities: 0, childActivities: 0, childTimers: 0 };
  for (const input of sample) {
    const parent = await platform.client.workflow
      .getHandle(`payment:${input.tenantId}:${input.billNumber}`)
      .fetchHistory();
    const child = await platform.client.workflow
      .getHandle(instructionWorkflowId(input.tenantId, originalPiNumber(input.tenantId, input.billNumber, 1)))
      .fetchHistory();
    events += (parent.events?.length ?? 0) + (child.events?.length ?? 0);
    const count = (h: typeof parent, type: temporal.api.enums.v1.EventType) =>
      (h.events ?? []).filter((e) => e.eventType === type).length;
    floor = {
      parentActivities: count(parent, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED),
      childActivities: count(child, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED),
      childTimers: count(child, EventType.EVENT_TYPE_TIMER_STARTED),
    };
  }
  return { eventsPerPayment: events / sample.length, floor };
}

/** The same load with empty bodies, on as many worker processes as the payments had. */
async function runFloor(platform: BenchPlatform, n: number, shape: FloorShape, workers: number): Promise<number> {
  const taskQueue = `${platform.taskQueue}-floor`;
  const floorWorkers = await Promise.all(
    Array.from({ length: workers }, () =>
      platform.startProcess('bench/floor/worker.ts', { FLOOR_TASK_QUEUE: taskQueue }),
    ),
  );
  const bar = progress('floor', n);
  let done = 0;
  const started = Date.now();
  // Same shape of load as the payments: every workflow started first, then all awaited.
  const handles = await pool(
    Array.from({ length: n }, (_, i) => i),
    32,
    (i) =>
      platform.client.workflow.start('floorPaymentWorkflow', { taskQueue, workflowId: `floor-${i}`, args: [shape] }),
  );
  await pool(handles, 512, async (handle) => {
    await handle.result();
    bar.update(++done);
  });
  bar.done();
  const seconds = (Date.now() - started) / 1000;
  for (const worker of floorWorkers) worker.kill('SIGTERM');
  return n / seconds;
}
