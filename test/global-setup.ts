import type { ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { dropTestDatabase, listDatabases, recreateDatabase } from '../db/ensure-database';
import { migrateToLatest } from '../db/migrate';
import { resolveTemporalCli, startDevServer } from '../scripts/lib/temporal-dev-server';
import { buildWorkflowBundle } from '../workers/build-workflow-bundle';
import { connectWithRetry, ensureNamespace } from '../workers/namespace-setup';
import { freePort } from './free-port';

const repoRoot = path.resolve(__dirname, '..');
const NAMESPACE = 'ifms-test';

/**
 * One real Temporal dev server (own port, own throw-away SQLite file) and one freshly created
 * PostgreSQL test database for the whole integration run; never the developer's platform or data.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'ifms-test-'));
  // One database per run (suffixed with this process id), so runs on the same machine never share one.
  const databaseUrl = process.env.TEST_DATABASE_URL ?? `postgres://postgres@127.0.0.1:5432/ifms_test_${process.pid}`;
  await dropDatabasesOfDeadRuns(databaseUrl);
  const port = await freePort();
  const server: ChildProcess = startDevServer(
    {
      cliPath: resolveTemporalCli(repoRoot),
      dbFile: path.join(tmp, 'temporal.db'),
      port,
      namespace: NAMESPACE,
      synchronous: 'OFF',
    },
    'pipe',
  );
  // The server's own log goes to a file, shown only when setup fails: a passing run stays readable.
  const serverLog = path.join(tmp, 'temporal-server.log');
  const logStream = createWriteStream(serverLog);
  server.stdout?.pipe(logStream);
  server.stderr?.pipe(logStream);
  const address = `127.0.0.1:${port}`;
  try {
    const [connection] = await Promise.all([
      connectWithRetry(address, 60_000),
      recreateDatabase(databaseUrl).then(() => migrateToLatest(databaseUrl)),
    ]);
    await ensureNamespace(connection, { namespace: NAMESPACE, retentionDays: 1 });
    await connection.close();
    const workflowBundlePath = await buildWorkflowBundle(path.join(tmp, 'workflow-bundle.js'));
    project.provide('temporalAddress', address);
    project.provide('temporalNamespace', NAMESPACE);
    project.provide('databaseUrl', databaseUrl);
    project.provide('workflowBundlePath', workflowBundlePath);
  } catch (err) {
    server.kill('SIGKILL');
    console.error(`Temporal dev server log (${serverLog}):\n${readFileSync(serverLog, 'utf8').slice(-4000)}`);
    throw err;
  }
  return async () => {
    await stop(server);
    if (!process.env.TEST_DATABASE_URL) await dropTestDatabase(databaseUrl);
    rmSync(tmp, { recursive: true, force: true });
  };
}

/** Test databases left behind by runs that were killed before their teardown. */
async function dropDatabasesOfDeadRuns(url: string): Promise<void> {
  for (const name of await listDatabases(url, 'ifms_test_')) {
    const pid = Number(name.slice('ifms_test_'.length));
    if (!Number.isInteger(pid) || isAlive(pid)) continue;
    const stale = new URL(url);
    stale.pathname = `/${name}`;
    await dropTestDatabase(stale.toString());
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
