import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { loadConfig } from '../config';
import { connectWithRetry } from '../workers/namespace-setup';
import { preparePlatform } from './setup';
import { stopProcess } from './lib/stop-process';
import { startTemporalEngine, type RunningEngine } from './lib/temporal-engine';

/**
 * `npm start`: one supervisor for the local platform. Starts the Temporal engine TEMPORAL_ENGINE names
 * (the dev server, or the server on PostgreSQL with its Web UI) unless one already answers at TEMPORAL_ADDRESS, prepares the namespace, migrates, then runs the simulator, worker and API
 * with their output prefixed. Ctrl-C (or any child dying) stops every child it started, Temporal last.
 */
const repoRoot = path.resolve(__dirname, '..');
const config = loadConfig();
const children: Array<{ name: string; proc: ChildProcess }> = [];

/**
 * A laptop platform talks to the simulator, whose stages take seconds, not days: poll every few
 * seconds, sync funds every minute, sweep returns every 30 s. Any variable set in the environment wins.
 */
const DEV_DEFAULTS: Record<string, string> = {
  LIFECYCLE_POLICY: JSON.stringify({
    sanction: { initialIntervalMs: 2_000, maximumIntervalMs: 10_000, deadlineMs: 5 * 60_000 },
    advice: { initialIntervalMs: 2_000, maximumIntervalMs: 10_000, deadlineMs: 5 * 60_000 },
    disbursement: { initialIntervalMs: 2_000, maximumIntervalMs: 10_000, deadlineMs: 5 * 60_000 },
    revisedDisbursement: { initialIntervalMs: 2_000, maximumIntervalMs: 10_000, deadlineMs: 5 * 60_000 },
    returnsWindowMs: 10 * 60_000,
    fundsWaitDeadlineMs: 10 * 60_000,
  }),
  FUNDS_SYNC_EVERY_MS: '60000',
  FAILURE_SWEEP_EVERY_MS: '30000',
};
let stopping = false;
let temporalEngine: RunningEngine | undefined;

const COLORS: Record<string, string> = {
  temporal: '35',
  'temporal-ui': '35',
  simulator: '36',
  worker: '33',
  api: '32',
  platform: '1',
};
function say(name: string, line: string): void {
  const tag = process.stdout.isTTY ? `\x1b[${COLORS[name] ?? '0'}m${name.padEnd(9)}\x1b[0m` : name.padEnd(9);
  process.stdout.write(`${tag} | ${line}\n`);
}

function track(name: string, proc: ChildProcess, prefixOutput = true): ChildProcess {
  children.push({ name, proc });
  for (const stream of prefixOutput ? [proc.stdout, proc.stderr] : []) {
    if (stream) createInterface({ input: stream }).on('line', (line) => say(name, line));
  }
  proc.on('exit', (code, signal) => {
    // While the engine comes up it restarts its own processes (startTemporalEngine); after that, any exit stops all.
    if (stopping || (name.startsWith('temporal') && !temporalEngine)) return;
    say('platform', `${name} exited (${signal ?? `code ${code}`}); stopping the platform`);
    void shutdown(1);
  });
  return proc;
}

function runTs(name: string, file: string): ChildProcess {
  return track(
    name,
    spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, file)], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Own process group: a terminal Ctrl-C reaches only the supervisor, which stops children in order.
      detached: true,
      env: { ...DEV_DEFAULTS, ...process.env, LOG_FORMAT: process.env.LOG_FORMAT ?? 'pretty' },
    }),
  );
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(url, { signal: AbortSignal.timeout(1_000) }).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

async function temporalAnswers(): Promise<boolean> {
  try {
    const connection = await connectWithRetry(config.temporal.address, 1_000);
    await connection.close();
    return true;
  } catch {
    return false;
  }
}

/**
 * The dev server's output is prefixed like the applications'; the PostgreSQL engine's processes
 * (chattier while their cluster forms) write to files under its directory, and any of them exiting
 * stops the platform just the same.
 */
async function startEngine(): Promise<void> {
  const { engine } = config.temporal;
  const postgres = engine.kind === 'postgres';
  const workDir = path.resolve(repoRoot, config.dataDir, postgres ? 'temporal-engine' : 'temporal');
  const where = postgres
    ? `PostgreSQL databases ${engine.databases.persistence}, ${engine.databases.visibility}; ${engine.historyShards} shards; ${engine.topology}; logs in ${path.relative(repoRoot, workDir)}/logs`
    : `state in ${path.relative(repoRoot, workDir)}/dev.db`;
  say('platform', `starting Temporal ${postgres ? 'server on PostgreSQL' : 'dev server'} (${where})`);
  mkdirSync(path.join(workDir, 'logs'), { recursive: true });
  temporalEngine = await startTemporalEngine({
    repoRoot,
    engine,
    frontendPort: Number(config.temporal.address.split(':')[1] ?? 7233),
    uiPort: config.temporal.uiPort,
    // The UI shows payloads decrypted through the API's codec server (README "Personal data").
    uiCodecEndpoint: `http://${config.api.host}:${config.api.port}/codec`,
    namespace: config.temporal.namespace,
    workDir,
    logLevel: 'error',
    onSpawn: (name, child) => {
      if (postgres) {
        const log = createWriteStream(path.join(workDir, 'logs', `${name}.log`), { flags: 'a' });
        // Two sources into one file: whichever ends first must not close it under the other.
        child.stdout?.pipe(log, { end: false });
        child.stderr?.pipe(log, { end: false });
        child.once('exit', () => log.end());
      }
      track(name, child, !postgres);
    },
  });
}

async function main(): Promise<void> {
  const host = config.temporal.address.split(':')[0];
  if (await temporalAnswers()) {
    say('platform', `using the Temporal server already running at ${config.temporal.address}`);
  } else {
    if (host !== '127.0.0.1' && host !== 'localhost')
      throw new Error(`Temporal at ${config.temporal.address} is not answering`);
    await startEngine();
  }
  await preparePlatform(config, (line) => say('platform', line));

  if (new URL(config.treasury.baseUrl).port === String(config.simulator.port)) {
    runTs('simulator', 'simulator/main.ts');
    await waitForHttp(config.treasury.baseUrl, 30_000); // it writes the public key the worker reads
  } else {
    say('platform', `treasury at ${config.treasury.baseUrl}: not starting the simulator`);
  }
  runTs('worker', 'workers/main.ts');
  runTs('api', 'api/main.ts');
  say(
    'platform',
    `Temporal UI  http://127.0.0.1:${config.temporal.uiPort}/namespaces/${config.temporal.namespace}/workflows`,
  );
  say('platform', `API          http://${config.api.host}:${config.api.port}/health`);
  say('platform', `Treasury     ${config.treasury.baseUrl}`);
  say('platform', 'Ctrl-C stops everything');
}

async function shutdown(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  say('platform', 'stopping…');
  // Applications first, so they drain against a live server; the Temporal engine last, in its own order.
  const isEngine = (c: { name: string }) => c.name.startsWith('temporal');
  await Promise.all(children.filter((c) => !isEngine(c)).map((c) => stopProcess(c.proc)));
  await temporalEngine?.stop();
  // Started but not yet serving when the stop came: no engine handle yet, its processes are still ours.
  await Promise.all(children.filter(isEngine).map((c) => stopProcess(c.proc)));
  process.exit(exitCode);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch((err: unknown) => {
  say('platform', `failed to start: ${(err as Error).stack ?? String(err)}`);
  void shutdown(1);
});
