import { Client, Connection } from '@temporalio/client';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { loadConfig } from '../../config';
import { createDb } from '../../db/connection';
import { platformDataConverter } from '../../security/data-converter';
import { dropTestDatabase, recreateDatabase } from '../../db/ensure-database';
import { migrateToLatest } from '../../db/migrate';
import type { EngineSettings } from '../../scripts/lib/temporal-engine';
import type { TemporalService } from '../../scripts/lib/temporal-engine/ports';
import { stopProcess } from '../../scripts/lib/stop-process';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../simulator/server';
import { createFundedTenant, type FundedTenant } from '../../test/funded-tenant';
import { startPrivateEngine } from '../../test/private-engine';
import { connectWithRetry, ensureNamespace } from '../../workers/namespace-setup';

const repoRoot = path.resolve(__dirname, '..', '..');
const NAMESPACE = 'ifms-bench';

/**
 * Every process a platform started, killed if the run itself ends early (Ctrl-C, a timeout, a crash),
 * so a benchmark or chaos run never leaves a Temporal server or worker behind.
 */
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
/** For command-line runs: Ctrl-C or a kill ends the run through `exit`, which stops the children. */
export function exitCleanlyOnSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
}
const adopt = (child: ChildProcess): ChildProcess => {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
};

export interface BenchPlatformOptions {
  label: string;
  /** What the tenant's sanction holds (the treasury's and our ledger's figure). */
  allottedPaise: number;
  simulator?: Omit<SimulatorOptions, 'clientId' | 'clientSecret' | 'seed' | 'port'>;
  /** Extra environment for worker processes (tuning: WORKER_* variables). */
  workerEnv?: Record<string, string>;
  /** Where the Temporal server writes its SQLite file and logs (default: a temp dir, removed at stop). */
  workDir?: string;
  /** Serve the Web UI too, decoding payloads through this codec endpoint (the codec screenshot). */
  ui?: { port: number; codecEndpoint: string };
  /** The Temporal engine to run (default: TEMPORAL_ENGINE, TEMPORAL_TOPOLOGY, TEMPORAL_HISTORY_SHARDS from the environment). */
  engine?: EngineSettings;
}

/**
 * A complete, private platform for benchmarks and the chaos suite: a Temporal engine of its own
 * (the dev server or the PostgreSQL engine, restartable on the same ports and store), a fresh PostgreSQL database, an in-process
 * simulator seeded with one funded tenant, and worker *processes* (the real `workers/main.ts`),
 * so they can be measured, SIGKILLed and restarted. Everything listens on 127.0.0.1 only.
 */
export async function startBenchPlatform(options: BenchPlatformOptions) {
  const workDir = options.workDir ?? mkdtempSync(path.join(os.tmpdir(), `ifms-${options.label}-`));
  const serverLog = createWriteStream(path.join(workDir, 'temporal.log'), { flags: 'a' });
  const databaseUrl = `postgres://postgres@127.0.0.1:5432/ifms_${options.label.replace(/\W/g, '_')}_test_${process.pid}`;
  const [engine] = await Promise.all([
    startPrivateEngine({
      label: options.label,
      namespace: NAMESPACE,
      workDir,
      engine: options.engine,
      logLevel: 'error',
      ...(options.ui ? { ui: options.ui } : {}),
      onSpawn: (name, child) => {
        adopt(child);
        child.stdout?.pipe(serverLog, { end: false });
        child.stderr?.pipe(serverLog, { end: false });
        child.once('exit', (code, signal) => serverLog.write(`${name} exited (${signal ?? code})\n`));
      },
    }),
    recreateDatabase(databaseUrl).then(() => migrateToLatest(databaseUrl)),
  ]);
  const address = engine.address;
  const setupConnection = await connectWithRetry(address, 120_000);
  await ensureNamespace(setupConnection, { namespace: NAMESPACE, retentionDays: 1 });
  await setupConnection.close();

  const db: Knex = createDb(databaseUrl, 20);
  const funded: FundedTenant = await createFundedTenant(db, options.allottedPaise);
  const clientId = `bench-${randomUUID().slice(0, 8)}`;
  const clientSecret = randomBytes(12).toString('hex');
  const simulator: RunningSimulator = await startSimulator({
    clientId,
    clientSecret,
    ...options.simulator,
    seed: funded.seed,
  });
  const publicKeyFile = path.join(workDir, 'treasury-public.pem');
  writeFileSync(publicKeyFile, simulator.publicKeyPem);

  const connection = await Connection.connect({ address });
  // The worker processes below run with NODE_ENV=test: the same payload key ring.
  const client = new Client({
    connection,
    namespace: NAMESPACE,
    dataConverter: platformDataConverter(loadConfig({ NODE_ENV: 'test' }).payloads),
  });
  const taskQueue = `bench-${options.label}`;
  const workerEnv: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    TEMPORAL_ADDRESS: address,
    TEMPORAL_NAMESPACE: NAMESPACE,
    DATABASE_URL: databaseUrl,
    TREASURY_BASE_URL: simulator.url,
    TREASURY_CLIENT_ID: clientId,
    TREASURY_CLIENT_SECRET: clientSecret,
    TREASURY_PUBLIC_KEY_FILE: publicKeyFile,
    TREASURY_SESSION_KEY: randomBytes(32).toString('base64'),
    AUDIT_LOG_KEY: randomBytes(32).toString('base64'),
    WORKER_TASK_QUEUE: taskQueue,
    WORKER_CREATE_SCHEDULES: 'false',
    WORKER_METRICS_PORT: '0',
    ...options.workerEnv,
  };
  const workers = new Set<ChildProcess>();
  let workerCount = 0;

  /** Starts a process and resolves once it polls (its log says so), so measurements start warm. */
  const spawnProcess = (entry: string, env: Record<string, string>): Promise<ChildProcess> => {
    workerCount += 1;
    const log = createWriteStream(path.join(workDir, `worker-${workerCount}.log`));
    const child = adopt(
      spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, entry)], {
        cwd: repoRoot,
        env: { ...process.env, ...workerEnv, ...env, LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    workers.add(child);
    child.once('exit', () => workers.delete(child));
    child.stderr?.pipe(log);
    return new Promise((resolve, reject) => {
      let ready = false;
      child.stdout?.on('data', (chunk: Buffer) => {
        log.write(chunk);
        if (!ready && chunk.toString().includes('worker started')) {
          ready = true;
          resolve(child);
        }
      });
      child.once('exit', (code) => {
        if (!ready) reject(new Error(`${entry} exited with ${code} before it started; see ${log.path as string}`));
      });
    });
  };

  return {
    label: options.label,
    workDir,
    address,
    namespace: NAMESPACE,
    databaseUrl,
    client,
    db,
    simulator,
    taskQueue,
    ...funded,
    workerEnv,
    startWorker: (env: Record<string, string> = {}) => spawnProcess('workers/main.ts', env),
    /** `n` worker processes on the platform's task queue, all polling when it resolves. */
    startWorkers: (n: number) => Promise.all(Array.from({ length: n }, () => spawnProcess('workers/main.ts', {}))),
    startProcess: spawnProcess,
    runningWorkers: () => [...workers],
    /** SIGKILL, as a crashed machine would: no graceful shutdown, activities in flight are lost. */
    killWorker(child: ChildProcess): Promise<void> {
      return stopProcess(child, 'SIGKILL');
    },
    /** Which engine this platform runs on (recorded with every result). */
    engine: {
      engine: engine.settings.kind,
      topology: engine.settings.kind === 'postgres' ? engine.settings.topology : 'single',
      // The dev server always runs one shard.
      historyShards: engine.settings.kind === 'postgres' ? engine.settings.historyShards : 1,
    },
    /** The PostgreSQL databases the run writes, by role (the engine's two only on the PostgreSQL engine). */
    databases: (): Record<string, string> => ({
      app: new URL(databaseUrl).pathname.slice(1),
      ...(engine.settings.kind === 'postgres'
        ? { temporal: engine.settings.databases.persistence, visibility: engine.settings.databases.visibility }
        : {}),
    }),
    /** Process ids of the engine's processes by name (`temporal`, `temporal-history`…), for measuring them. */
    enginePids: (): Record<string, number> =>
      Object.fromEntries(
        engine.processNames().flatMap((name) => (engine.pid(name) ? [[name, engine.pid(name)!]] : [])),
      ),
    /** Stops the whole Temporal engine and starts it again on the same ports and store. */
    restartTemporal: (): Promise<void> => engine.restart(),
    /** SIGKILLs one service process of a split engine (a crashed host) and starts it again. */
    killTemporalService: (service: TemporalService): Promise<void> => engine.killAndRestart(`temporal-${service}`),
    /** Size of the Temporal store: the SQLite file and its write-ahead log, or the two PostgreSQL databases. */
    temporalStoreBytes: (): Promise<number> => engine.storeBytes(),
    async appDatabaseBytes(): Promise<number> {
      const row = (await db.raw('SELECT pg_database_size(current_database())::bigint AS bytes')) as {
        rows: Array<{ bytes: number }>;
      };
      return Number(row.rows[0]?.bytes ?? 0);
    },
    async stop(): Promise<void> {
      await Promise.all([...workers].map((w) => stopProcess(w, 'SIGTERM')));
      await connection.close();
      await simulator.close();
      await db.destroy();
      await engine.dispose();
      serverLog.end();
      await dropTestDatabase(databaseUrl);
      if (!options.workDir) rmSync(workDir, { recursive: true, force: true });
    },
  };
}

export type BenchPlatform = Awaited<ReturnType<typeof startBenchPlatform>>;

export { stopProcess };
