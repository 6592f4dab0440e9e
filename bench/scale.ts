import { startPayment } from '../api/temporal/start-payment';
import { DEFAULT_LIFECYCLE_POLICY, mergePolicy } from '../config/lifecycle-policy';
import { startBenchPlatform, type BenchPlatform } from './lib/platform';
import type { BenchRun } from './lib/run-options';
import { processUsage } from './lib/process-usage';
import { pool, progress } from './lib/progress';
import { round } from './lib/stats';
import { billTotal, generateBills } from './lib/workload';

const DAY = 86_400_000;

/** Waiting on the SSU: polls start at 5 s and back off to 5 min (production backs off to 1 h). */
const WAITING_POLICY = mergePolicy(DEFAULT_LIFECYCLE_POLICY, {
  sanction: { initialIntervalMs: 5_000, backoffCoefficient: 2, maximumIntervalMs: 300_000, deadlineMs: 7 * DAY },
  advice: { initialIntervalMs: 1_000, maximumIntervalMs: 10_000 },
  disbursement: { initialIntervalMs: 1_000, maximumIntervalMs: 10_000 },
  returnsWindowMs: 0,
});

export interface ScalePoint {
  inFlight: number;
  submitSeconds: number;
  workerRssMb: number;
  temporalStoreMb: number;
  appDatabaseMb: number;
  drainSeconds: number;
}

/**
 * N payments in flight at once, all waiting for the SSU (the treasury holds them a day), measured
 * while they wait; then the treasury releases them (its clock jumps a day) and the time until every
 * one is paid is the drain time. Run at two sizes to see how each figure grows.
 */
export interface ScaleResult {
  points: ScalePoint[];
  /** Per-payment growth from the smallest to the largest run: 1.0 = linear, below 1 = better. */
  growth: Record<string, number>;
}

export async function runScale(
  sizes: number[],
  run: BenchRun,
  onPoint: (partial: ScaleResult) => void = () => undefined,
): Promise<ScaleResult> {
  const points: ScalePoint[] = [];
  for (const n of sizes) {
    points.push(await runOne(n, run));
    onPoint({ points, growth: growth(points) });
  }
  return { points, growth: growth(points) };
}

function growth(points: ScalePoint[]): Record<string, number> {
  const [small, large] = [points[0]!, points[points.length - 1]!];
  const factor = large.inFlight / small.inFlight;
  const per = (k: keyof ScalePoint) => round((large[k] as number) / (small[k] as number) / factor, 2);
  return {
    workerRssPerPayment: per('workerRssMb'),
    temporalStorePerPayment: per('temporalStoreMb'),
    appDatabasePerPayment: per('appDatabaseMb'),
    drainPerPayment: per('drainSeconds'),
  };
}

async function runOne(n: number, run: BenchRun): Promise<ScalePoint> {
  const bills = generateBills(n, 99);
  const platform = await startBenchPlatform({
    label: `scale${n}`,
    allottedPaise: bills.reduce((sum, b) => sum + billTotal(b), 0) + 1_00,
    simulator: {
      delays: { ssuApprovalDelayMs: DAY, adviceDelayMs: 0, disbursementDelayMs: 0, returnDelayMs: 30 * DAY },
    },
    workerEnv: run.workerEnv,
    engine: run.engine,
  });
  try {
    const workers = await platform.startWorkers(run.workers);
    const appBefore = await platform.appDatabaseBytes();
    const storeBefore = await platform.temporalStoreBytes();
    const submitBar = progress(`submit ${n}`, n);
    let submitted = 0;
    const started = Date.now();
    await pool(bills, 32, async (beneficiaries, i) => {
      await startPayment(
        platform.client,
        {
          tenantId: platform.tenant.tenantId,
          billNumber: `S-${i}`,
          beneficiaries,
          submittedAt: new Date().toISOString(),
          submittedBy: 'bench',
          policy: WAITING_POLICY,
        },
        platform.taskQueue,
      );
      submitBar.update(++submitted);
    });
    submitBar.done();
    const submitSeconds = (Date.now() - started) / 1000;
    await waitForCount(platform, `waiting ${n}`, n, ['INITIATED']);
    const rss = workers.reduce((sum, w) => sum + (processUsage(w.pid!)?.rssBytes ?? 0), 0);
    const store = (await platform.temporalStoreBytes()) - storeBefore;
    const app = (await platform.appDatabaseBytes()) - appBefore;
    const released = Date.now();
    platform.simulator.clock.advance(DAY);
    await waitForCount(platform, `draining ${n}`, n, ['SUCCESSFUL']);
    return {
      inFlight: n,
      submitSeconds: round(submitSeconds, 1),
      workerRssMb: round(rss / 2 ** 20, 1),
      temporalStoreMb: round(store / 2 ** 20, 1),
      appDatabaseMb: round(app / 2 ** 20, 1),
      drainSeconds: round((Date.now() - released) / 1000, 1),
    };
  } finally {
    await platform.stop();
  }
}

async function waitForCount(platform: BenchPlatform, label: string, n: number, statuses: string[]): Promise<void> {
  const bar = progress(label, n);
  const deadline = Date.now() + 3 * 3_600_000; // bounded: a stuck run stops by itself
  for (;;) {
    if (Date.now() > deadline) throw new Error(`${label}: not done after 3 hours`);
    const rows = (await platform
      .db('payment_instructions')
      .where({ tenant_id: platform.tenant.tenantId })
      .whereIn('status', statuses)
      .count({ n: '*' })) as Array<{ n: string }>;
    const count = Number(rows[0]?.n ?? 0);
    bar.update(count);
    if (count >= n) break;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  bar.done();
}
