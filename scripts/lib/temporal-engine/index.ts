import type { ChildProcess } from 'node:child_process';
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { Connection } from '@temporalio/client';
import { connectWithRetry } from '../../../workers/namespace-setup';
import { stopProcess } from '../stop-process';
import { resolveTemporalCli, startDevServer } from '../temporal-dev-server';
import { resolveEngineBinaries } from './binaries';
import { prepareCluster, type EngineProcess } from './cluster';
import { enginePorts } from './ports';
import { postgresTarget } from './schema';
import type { SqlPools } from './server-config';

export interface EngineSettings {
  kind: 'dev' | 'postgres';
  topology: 'single' | 'split';
  historyShards: number;
  /** The PostgreSQL engine's connection pools per service (the dev server ignores them). */
  sqlPools: SqlPools;
  postgresUrl: string;
  databases: { persistence: string; visibility: string };
  portBase: number;
}

export interface StartEngineOptions {
  repoRoot: string;
  engine: EngineSettings;
  frontendPort: number;
  /** Web UI port; omit for a headless engine (tests, bench). */
  uiPort?: number;
  /** The payload codec server the Web UI decodes payloads through. */
  uiCodecEndpoint?: string;
  namespace: string;
  /** Config and state of the engine: the dev server's SQLite file, the postgres engine's config files. */
  workDir: string;
  /** Dev server durability (tests: OFF). */
  synchronous?: 'OFF' | 'NORMAL';
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Every process the engine spawns (again after a restart), for logging and supervision. */
  onSpawn?: (name: string, child: ChildProcess) => void;
}

export interface RunningEngine {
  kind: EngineSettings['kind'];
  address: string;
  /** Names of its processes: `temporal` (dev or single), `temporal-<service>` (split), `temporal-ui`. */
  processNames: () => string[];
  pid: (name: string) => number | undefined;
  /** Stops every process and starts them again; resolves once the services answer. */
  restart: () => Promise<void>;
  /** SIGKILLs one process (a crashed host) and starts it again; resolves once the services answer. */
  killAndRestart: (name: string) => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * Starts the Temporal engine config asks for and resolves once its services answer: the CLI's dev
 * server, or the real server on PostgreSQL (databases and schema set up first, as one process or
 * one per service). The namespace is left to `ensureNamespace`, the same call for both engines.
 */
export async function startTemporalEngine(o: StartEngineOptions): Promise<RunningEngine> {
  const address = `127.0.0.1:${o.frontendPort}`;
  const processes = o.engine.kind === 'dev' ? [devProcess(o)] : await postgresProcesses(o);
  const running = new Map<string, ChildProcess>();
  let starting = true;
  let startFailure: Error | undefined;
  const relaunches = new Map<string, number>();
  const launch = (p: EngineProcess) => {
    const child = p.spawn();
    running.set(p.name, child);
    o.onSpawn?.(p.name, child);
    // Split services starting together on fresh databases race to initialise the cluster's metadata,
    // and a loser can exit: while the engine is coming up, such a process is started again (twice at
    // most). Once it serves, an exit is the caller's to handle.
    child.once('exit', (code, signal) => {
      if (!starting || running.get(p.name) !== child) return;
      const attempts = (relaunches.get(p.name) ?? 0) + 1;
      relaunches.set(p.name, attempts);
      if (attempts > 2)
        startFailure = new Error(`${p.name} exited during start (${signal ?? `code ${code}`}), ${attempts} times`);
      else launch(p);
    });
  };
  const stopAll = async () => {
    // The UI and the frontend first (no new work), history last: in-flight work drains against a live history.
    const order = ['temporal-ui', 'temporal-frontend', 'temporal-matching', 'temporal-worker', 'temporal-history'];
    const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : 1);
    for (const p of [...processes].sort((a, b) => rank(a.name) - rank(b.name))) {
      const child = running.get(p.name);
      if (child) await stopProcess(child, 'SIGTERM');
    }
  };
  const ready = () => waitUntilServing(address, 180_000, () => startFailure);
  processes.forEach(launch);
  try {
    await ready();
  } catch (err) {
    starting = false;
    await stopAll();
    throw err;
  }
  starting = false;
  return {
    kind: o.engine.kind,
    address,
    processNames: () => processes.map((p) => p.name),
    pid: (name) => running.get(name)?.pid,
    async restart() {
      await stopAll();
      processes.forEach(launch);
      await ready();
    },
    async killAndRestart(name) {
      const p = processes.find((candidate) => candidate.name === name);
      const child = running.get(name);
      if (!p || !child) throw new Error(`no engine process named ${name} (have ${[...running.keys()].join(', ')})`);
      await stopProcess(child, 'SIGKILL');
      launch(p);
      await ready();
    },
    stop: stopAll,
  };
}

function devProcess(o: StartEngineOptions): EngineProcess {
  const cliPath = resolveTemporalCli(o.repoRoot);
  return {
    name: 'temporal',
    services: [],
    spawn: () =>
      startDevServer(
        {
          cliPath,
          dbFile: `${o.workDir}/dev.db`,
          port: o.frontendPort,
          uiPort: o.uiPort,
          uiCodecEndpoint: o.uiCodecEndpoint,
          namespace: o.namespace,
          logLevel: o.logLevel,
          synchronous: o.synchronous,
        },
        'pipe',
      ),
  };
}

function postgresProcesses(o: StartEngineOptions): Promise<EngineProcess[]> {
  return prepareCluster({
    binaries: resolveEngineBinaries(o.repoRoot),
    topology: o.engine.topology,
    historyShards: o.engine.historyShards,
    sqlPools: o.engine.sqlPools,
    ports: enginePorts(o.frontendPort, o.engine.portBase, o.uiPort ?? 0),
    postgres: postgresTarget(o.engine.postgresUrl),
    databases: o.engine.databases,
    namespace: o.namespace,
    workDir: o.workDir,
    headless: o.uiPort === undefined,
    codecEndpoint: o.uiCodecEndpoint,
    logLevel: o.logLevel ?? 'warn',
  });
}

/**
 * The frontend answering is not enough on a cluster: history and matching must have joined the
 * ring. Reading a missing workflow's history reaches history (NOT_FOUND = it answered), describing
 * a task queue reaches matching; both on the server's own system namespace.
 */
async function waitUntilServing(address: string, timeoutMs: number, failed: () => Error | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let connected = false;
  const connecting = connectWithRetry(address, timeoutMs).finally(() => (connected = true));
  // A process that gave up during start fails the wait now, not when the connect timeout runs out.
  const watching = (async () => {
    while (!connected && !failed()) await new Promise((r) => setTimeout(r, 250));
    const failure = failed();
    if (failure) throw failure;
  })();
  const [connection] = await Promise.all([connecting, watching]);
  try {
    for (;;) {
      const failure = failed();
      if (failure) throw failure;
      const problem = await probeServices(connection);
      if (!problem) return;
      if (Date.now() > deadline)
        throw new Error(`Temporal at ${address} not serving within ${timeoutMs} ms: ${problem}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await connection.close();
  }
}

async function probeServices(connection: Connection): Promise<string | undefined> {
  const namespace = 'temporal-system';
  try {
    await connection.workflowService.getWorkflowExecutionHistory({
      namespace,
      execution: { workflowId: 'ifms-engine-readiness-probe' },
    });
  } catch (err) {
    if ((err as { code?: number }).code !== GrpcStatus.NOT_FOUND) return `history: ${String(err)}`;
  }
  try {
    await connection.workflowService.describeTaskQueue({
      namespace,
      taskQueue: { name: 'ifms-engine-readiness-probe' },
    });
  } catch (err) {
    return `matching: ${String(err)}`;
  }
  return undefined;
}
