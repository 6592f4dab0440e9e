import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { loadConfig } from '../config';
import { connectWithRetry } from '../workers/namespace-setup';
import { preparePlatform } from './setup';
import { resolveTemporalCli, startDevServer } from './lib/temporal-dev-server';

/**
 * `npm start`: one supervisor for the local platform. Starts the Temporal dev server unless one already
 * answers at TEMPORAL_ADDRESS, prepares the namespace, migrates, then runs the simulator, worker and API
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

const COLORS: Record<string, string> = { temporal: '35', simulator: '36', worker: '33', api: '32', platform: '1' };
function say(name: string, line: string): void {
  const tag = process.stdout.isTTY ? `\x1b[${COLORS[name] ?? '0'}m${name.padEnd(9)}\x1b[0m` : name.padEnd(9);
  process.stdout.write(`${tag} | ${line}\n`);
}

function track(name: string, proc: ChildProcess): ChildProcess {
  children.push({ name, proc });
  for (const stream of [proc.stdout, proc.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => say(name, line));
  }
  proc.on('exit', (code, signal) => {
    if (stopping) return;
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

async function main(): Promise<void> {
  const [host, portText] = config.temporal.address.split(':');
  if (await temporalAnswers()) {
    say('platform', `using the Temporal server already running at ${config.temporal.address}`);
  } else {
    if (host !== '127.0.0.1' && host !== 'localhost')
      throw new Error(`Temporal at ${config.temporal.address} is not answering`);
    const dbFile = path.resolve(repoRoot, config.dataDir, 'temporal', 'dev.db');
    say('platform', `starting Temporal dev server (state in ${path.relative(repoRoot, dbFile)})`);
    track(
      'temporal',
      startDevServer({
        cliPath: resolveTemporalCli(repoRoot),
        dbFile,
        port: Number(portText ?? 7233),
        uiPort: config.temporal.uiPort,
        uiCodecEndpoint: `http://${config.api.host}:${config.api.port}/codec`,
        namespace: config.temporal.namespace,
        logLevel: 'error',
      }),
    );
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
  // Applications first, so they drain against a live server; the Temporal server last.
  const apps = children.filter((c) => c.name !== 'temporal');
  await Promise.all(apps.map((c) => stop(c.proc)));
  await Promise.all(children.filter((c) => c.name === 'temporal').map((c) => stop(c.proc)));
  process.exit(exitCode);
}

function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
    proc.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    proc.kill('SIGTERM');
  });
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch((err: unknown) => {
  say('platform', `failed to start: ${(err as Error).stack ?? String(err)}`);
  void shutdown(1);
});
