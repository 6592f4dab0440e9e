import pg from 'pg';
import type { FaultConfigInput } from '../../simulator/faults';
import type { BenchPlatform } from '../lib/platform';
import { sleep, type EventLog } from './event-log';
import type { WorkerPool } from './worker-pool';

export interface DisruptionPlan {
  /** Worker processes kept running (one is killed at a time, only while another polls). */
  workers: number;
  /** Pause between worker kills (counted from the moment every slot polls again). */
  workerKillEveryMs: number;
  maxWorkerKills: number;
  /** When to restart the whole Temporal engine, as fractions of the chaos window. */
  temporalRestartsAt: number[];
  /**
   * On a split engine (TEMPORAL_TOPOLOGY=split): when to SIGKILL one service's process and start it
   * again, as a crashed cluster host would be. Ignored on an engine that runs in one process.
   */
  serviceRestarts: Array<{ at: number; service: 'history' | 'matching' }>;
  pgTerminateEveryMs: number;
  maxPgTerminations: number;
  /** Treasury faults for the chaos window (POST /admin/faults); cleared when it closes. */
  faults: FaultConfigInput;
}

/** Runs every disruption of `plan` for `windowMs`; resolves once each loop has stopped. */
export async function runDisruptions(
  platform: BenchPlatform,
  pool: WorkerPool,
  plan: DisruptionPlan,
  windowMs: number,
  log: EventLog,
): Promise<void> {
  const stop = new AbortController();
  const windowEnds = setTimeout(() => stop.abort(), windowMs);
  const opened = Date.now();
  const steps = temporalSteps(platform, plan, log);
  try {
    await setFaults(platform.simulator.url, plan.faults);
    log.add('faults-on', { ...plan.faults });
    await Promise.all([
      sleep(windowMs, stop.signal),
      workerKills(pool, plan, stop.signal),
      atFractions(steps.restarts, windowMs, opened, stop.signal),
      atFractions(steps.serviceKills, windowMs, opened, stop.signal),
      pgTerminations(platform.databaseUrl, plan, log, stop.signal),
    ]);
  } finally {
    clearTimeout(windowEnds);
    await clearFaults(platform.simulator.url);
    log.add('faults-off');
  }
}

async function workerKills(pool: WorkerPool, plan: DisruptionPlan, signal: AbortSignal): Promise<void> {
  let kills = 0;
  while (!signal.aborted && kills < plan.maxWorkerKills) {
    await pool.allReady(signal);
    await sleep(plan.workerKillEveryMs, signal);
    if (signal.aborted) return;
    if (await pool.killOne()) kills += 1;
  }
}

/**
 * Runs each step at its fraction of the chaos window. Not cut short by the window: a restart begun
 * is finished, so the server is whole for the settle.
 */
async function atFractions(
  steps: Array<{ at: number; run: () => Promise<void> }>,
  windowMs: number,
  opened: number,
  signal: AbortSignal,
): Promise<void> {
  for (const step of [...steps].sort((x, y) => x.at - y.at)) {
    await sleep(opened + step.at * windowMs - Date.now(), signal);
    if (signal.aborted) return;
    await step.run();
  }
}

/** Whole-engine restarts, and on a split engine SIGKILLed service processes, as steps for `atFractions`. */
function temporalSteps(platform: BenchPlatform, plan: DisruptionPlan, log: EventLog) {
  const timed = async (restart: () => Promise<void>) => {
    const started = Date.now();
    await restart();
    return Date.now() - started;
  };
  const restarts = plan.temporalRestartsAt.map((at) => ({
    at,
    run: async () => log.add('temporal-restart', { downForMs: await timed(() => platform.restartTemporal()) }),
  }));
  const serviceKills = (platform.engine.topology === 'split' ? plan.serviceRestarts : []).map(({ at, service }) => ({
    at,
    run: async () => {
      const pid = platform.enginePids()[`temporal-${service}`];
      const downForMs = await timed(() => platform.killTemporalService(service));
      log.add('temporal-service-restart', { service, pid, downForMs });
    },
  }));
  return { restarts, serviceKills };
}

/**
 * `pg_terminate_backend` on every connection to the platform's database (workers, the driver's
 * own pool), from a connection of its own to the `postgres` database.
 */
async function pgTerminations(
  databaseUrl: string,
  plan: DisruptionPlan,
  log: EventLog,
  signal: AbortSignal,
): Promise<void> {
  const url = new URL(databaseUrl);
  const database = url.pathname.slice(1);
  url.pathname = '/postgres';
  let client: pg.Client | undefined;
  let rounds = 0;
  try {
    while (!signal.aborted && rounds < plan.maxPgTerminations) {
      await sleep(plan.pgTerminateEveryMs, signal);
      if (signal.aborted) return;
      try {
        if (!client) {
          client = new pg.Client({ connectionString: url.toString(), application_name: 'ifms-chaos' });
          client.on('error', () => undefined);
          await client.connect();
        }
        const result = await client.query<{ terminated: number }>(
          `SELECT count(*) FILTER (WHERE t)::int AS terminated FROM (
             SELECT pg_terminate_backend(pid) AS t FROM pg_stat_activity
             WHERE datname = $1 AND pid <> pg_backend_pid()) killed`,
          [database],
        );
        rounds += 1;
        log.add('pg-terminate', { terminated: result.rows[0]?.terminated ?? 0 });
      } catch (err) {
        log.add('pg-terminate-failed', { error: String(err) });
        await client?.end().catch(() => undefined);
        client = undefined;
      }
    }
  } finally {
    await client?.end().catch(() => undefined);
  }
}

export async function setFaults(simulatorUrl: string, faults: FaultConfigInput): Promise<void> {
  const res = await fetch(`${simulatorUrl}/admin/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  if (!res.ok) throw new Error(`POST /admin/faults answered ${res.status}: ${await res.text()}`);
}

export async function clearFaults(simulatorUrl: string): Promise<void> {
  const res = await fetch(`${simulatorUrl}/admin/faults`, { method: 'DELETE' });
  if (!res.ok) throw new Error(`DELETE /admin/faults answered ${res.status}`);
}
