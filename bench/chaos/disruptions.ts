import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import type { FaultConfigInput } from '../../simulator/faults';
import type { BenchPlatform } from '../lib/platform';

/** What the chaos suite did to the platform, and when (ms since the chaos window opened; negative during set-up). */
export interface ChaosEvent {
  atMs: number;
  kind:
    | 'faults-on'
    | 'faults-off'
    | 'worker-started'
    | 'worker-start-failed'
    | 'worker-killed'
    | 'worker-exited-unexpectedly'
    | 'temporal-restart'
    | 'temporal-service-restart'
    | 'pg-terminate'
    | 'pg-terminate-failed';
  detail?: Record<string, unknown>;
}

export class EventLog {
  private readonly recorded: Array<Omit<ChaosEvent, 'atMs'> & { at: number }> = [];
  private t0 = Date.now();

  /** Times are reported from here on (the chaos window's opening). */
  startClock(): void {
    this.t0 = Date.now();
  }

  add(kind: ChaosEvent['kind'], detail?: Record<string, unknown>): void {
    this.recorded.push({ at: Date.now(), kind, ...(detail ? { detail } : {}) });
  }

  get events(): ChaosEvent[] {
    return this.recorded.map(({ at, ...e }) => ({ atMs: at - this.t0, ...e }));
  }

  count(kind: ChaosEvent['kind']): number {
    return this.recorded.filter((e) => e.kind === kind).length;
  }
}

/** A sleep that ends early (without throwing) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, Math.max(0, ms));
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

interface Slot {
  index: number;
  child?: ChildProcess;
  filling?: Promise<void>;
  startedAt: number;
}

/**
 * Keeps `size` worker processes (the real `workers/main.ts`) running: a slot whose process dies —
 * SIGKILLed by the chaos schedule or crashed on its own — is refilled. A worker that exits without
 * being killed is recorded: a process that cannot survive a Temporal or database outage is a finding.
 */
export class WorkerPool {
  private readonly slots: Slot[];
  private readonly killed = new WeakSet<ChildProcess>();
  private stopping = false;
  private starts = 0;

  constructor(
    private readonly platform: BenchPlatform,
    size: number,
    private readonly log: EventLog,
  ) {
    this.slots = Array.from({ length: size }, (_, index) => ({ index, startedAt: 0 }));
  }

  /** Starts every slot and waits until all of them poll. */
  async start(): Promise<void> {
    await Promise.all(this.slots.map((slot) => this.fill(slot)));
  }

  ready(): number {
    return this.slots.filter((s) => isAlive(s.child)).length;
  }

  pids(): number[] {
    return this.slots.flatMap((s) => (isAlive(s.child) && s.child?.pid ? [s.child.pid] : []));
  }

  /** Resolves when every slot has a polling worker (or `signal` aborts). */
  async allReady(signal?: AbortSignal): Promise<void> {
    while (!signal?.aborted && this.ready() < this.slots.length) {
      await Promise.all(this.slots.map((s) => s.filling ?? Promise.resolve()));
      if (this.ready() < this.slots.length) await sleep(200, signal);
    }
  }

  /**
   * SIGKILLs the longest-running worker if at least one other is polling, and starts its
   * replacement in the background. False when no worker could be spared.
   */
  async killOne(): Promise<boolean> {
    const live = this.slots.filter((s) => isAlive(s.child) && !s.filling);
    if (live.length < 2 && this.slots.length > 1) return false;
    const victim = live.sort((a, b) => a.startedAt - b.startedAt)[0];
    if (!victim?.child) return false;
    const child = victim.child;
    this.killed.add(child);
    const pid = child.pid;
    const upForMs = Date.now() - victim.startedAt;
    await this.platform.killWorker(child);
    this.log.add('worker-killed', { slot: victim.index, pid, upForMs });
    void this.fill(victim);
    return true;
  }

  /** Stops refilling; the platform's stop() SIGTERMs whatever still runs. */
  stop(): void {
    this.stopping = true;
  }

  private fill(slot: Slot): Promise<void> {
    slot.filling ??= (async () => {
      try {
        for (let attempt = 1; !this.stopping; attempt++) {
          const started = Date.now();
          try {
            const child = await this.platform.startWorker();
            this.starts += 1;
            slot.child = child;
            slot.startedAt = Date.now();
            this.log.add('worker-started', { slot: slot.index, pid: child.pid, startupMs: Date.now() - started });
            child.once('exit', (code, signal) => {
              if (this.killed.has(child) || this.stopping) return;
              this.log.add('worker-exited-unexpectedly', { slot: slot.index, pid: child.pid, code, signal });
              void this.fill(slot);
            });
            return;
          } catch (err) {
            this.log.add('worker-start-failed', { slot: slot.index, attempt, error: String(err).slice(0, 300) });
            await sleep(Math.min(10_000, 1_000 * attempt));
          }
        }
      } finally {
        slot.filling = undefined;
      }
    })();
    return slot.filling;
  }
}

function isAlive(child: ChildProcess | undefined): child is ChildProcess {
  return child !== undefined && child.exitCode === null && child.signalCode === null;
}

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
