import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { dropTestDatabase, listDatabases, recreateDatabase } from '../db/ensure-database';
import { migrateToLatest } from '../db/migrate';
import { buildWorkflowBundle } from '../workers/build-workflow-bundle';
import { connectWithRetry, ensureNamespace } from '../workers/namespace-setup';
import { PRIVATE_ENGINE_DATABASE_PREFIX, startPrivateEngine } from './private-engine';

const NAMESPACE = 'ifms-test';

/**
 * One real Temporal engine for the whole integration run (TEMPORAL_ENGINE: the dev server on its own
 * port and throw-away SQLite file, or the server on PostgreSQL with databases of its own) and one
 * freshly created PostgreSQL test database; never the developer's platform or data.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'ifms-test-'));
  // One database per run (suffixed with this process id), so runs on the same machine never share one.
  const databaseUrl = process.env.TEST_DATABASE_URL ?? `postgres://postgres@127.0.0.1:5432/ifms_test_${process.pid}`;
  await dropDatabasesOfDeadRuns(databaseUrl);
  // The server's own log goes to a file, shown only when setup fails: a passing run stays readable.
  const serverLog = path.join(tmp, 'temporal-server.log');
  const logStream = createWriteStream(serverLog);
  const [engine] = await Promise.all([
    startPrivateEngine({
      label: 'run',
      namespace: NAMESPACE,
      workDir: tmp,
      onSpawn: (name, child) => {
        child.stdout?.pipe(logStream, { end: false });
        child.stderr?.pipe(logStream, { end: false });
        child.once('exit', (code, signal) => logStream.write(`${name} exited (${signal ?? code})\n`));
      },
    }).catch((err: unknown) => {
      console.error(`Temporal server log (${serverLog}):\n${readFileSync(serverLog, 'utf8').slice(-4000)}`);
      throw err;
    }),
    recreateDatabase(databaseUrl).then(() => migrateToLatest(databaseUrl)),
  ]);
  try {
    const connection = await connectWithRetry(engine.address, 60_000);
    await ensureNamespace(connection, { namespace: NAMESPACE, retentionDays: 1 });
    await connection.close();
    const workflowBundlePath = await buildWorkflowBundle(path.join(tmp, 'workflow-bundle.js'));
    project.provide('temporalAddress', engine.address);
    project.provide('temporalNamespace', NAMESPACE);
    project.provide('databaseUrl', databaseUrl);
    project.provide('workflowBundlePath', workflowBundlePath);
    project.provide('temporalEngine', { kind: engine.settings.kind, historyShards: engine.settings.historyShards });
  } catch (err) {
    await engine.dispose();
    console.error(`Temporal server log (${serverLog}):\n${readFileSync(serverLog, 'utf8').slice(-4000)}`);
    throw err;
  }
  return async () => {
    await engine.dispose();
    if (!process.env.TEST_DATABASE_URL) await dropTestDatabase(databaseUrl);
    logStream.end();
    rmSync(tmp, { recursive: true, force: true });
  };
}

/** Test and Temporal databases left behind by runs that were killed before their teardown (`…_<pid>`). */
async function dropDatabasesOfDeadRuns(url: string): Promise<void> {
  for (const prefix of ['ifms_test_', PRIVATE_ENGINE_DATABASE_PREFIX]) {
    for (const name of await listDatabases(url, prefix)) {
      const pid = Number(name.slice(name.lastIndexOf('_') + 1));
      if (!Number.isInteger(pid) || isAlive(pid) || !/_test_\d+$/.test(name)) continue;
      const stale = new URL(url);
      stale.pathname = `/${name}`;
      await dropTestDatabase(stale.toString());
    }
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
