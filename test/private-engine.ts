import type { ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../config';
import { dropTestDatabase } from '../db/ensure-database';
import { startTemporalEngine, type EngineSettings, type RunningEngine } from '../scripts/lib/temporal-engine';
import { PORTS_FROM_BASE } from '../scripts/lib/temporal-engine/ports';
import { freePort, freePortBlock } from './free-port';

const repoRoot = path.resolve(__dirname, '..');

export interface PrivateEngineOptions {
  /** Part of the Temporal database names (`ifms_temporal_<label>_test_<pid>`). */
  label: string;
  namespace: string;
  workDir: string;
  /** The engine settings to run privately (default: TEMPORAL_ENGINE, TEMPORAL_TOPOLOGY… from the environment). */
  engine?: EngineSettings;
  onSpawn?: (name: string, child: ChildProcess) => void;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Serve the Web UI too, decoding payloads through this codec endpoint (the codec screenshot). */
  ui?: { port: number; codecEndpoint: string };
}

export interface PrivateEngine extends RunningEngine {
  settings: EngineSettings;
  /** What the engine's store takes on disk: the SQLite file and its log, or both PostgreSQL databases. */
  storeBytes: () => Promise<number>;
  /** Stops the engine and drops its databases. */
  dispose: () => Promise<void>;
}

/** Prefixes of the databases a private engine creates, for removing those of killed runs. */
export const PRIVATE_ENGINE_DATABASE_PREFIX = 'ifms_temporal';

/**
 * A Temporal engine of a test or benchmark run's own, headless, never the developer's: the dev server
 * on a free port with its own SQLite file, or the PostgreSQL engine on a free block of low ports
 * with databases named after the run, dropped at the end.
 */
export async function startPrivateEngine(o: PrivateEngineOptions): Promise<PrivateEngine> {
  const configured = o.engine ?? loadConfig().temporal.engine;
  const suffix = `${o.label.replace(/\W/g, '_')}_test_${process.pid}`;
  const postgres = configured.kind === 'postgres';
  const base = postgres ? await freePortBlock(PORTS_FROM_BASE + 1) : 0;
  const settings: EngineSettings = {
    ...configured,
    portBase: base + 1,
    databases: {
      persistence: `${PRIVATE_ENGINE_DATABASE_PREFIX}_${suffix}`,
      visibility: `${PRIVATE_ENGINE_DATABASE_PREFIX}_vis_${suffix}`,
    },
  };
  const engine = await startTemporalEngine({
    repoRoot,
    engine: settings,
    frontendPort: postgres ? base : await freePort(),
    namespace: o.namespace,
    workDir: o.workDir,
    synchronous: 'OFF',
    logLevel: o.logLevel ?? 'warn',
    onSpawn: o.onSpawn,
    ...(o.ui ? { uiPort: o.ui.port, uiCodecEndpoint: o.ui.codecEndpoint } : {}),
  });
  const databaseUrls = Object.values(settings.databases).map((database) => {
    const url = new URL(settings.postgresUrl);
    url.pathname = `/${database}`;
    return url.toString();
  });
  const devDbFile = path.join(o.workDir, 'dev.db');
  return {
    ...engine,
    settings,
    storeBytes: () =>
      postgres
        ? databaseBytes(settings.postgresUrl, Object.values(settings.databases))
        : Promise.resolve(fileBytes(devDbFile)),
    async dispose() {
      await engine.stop();
      if (postgres) for (const url of databaseUrls) await dropTestDatabase(url);
    },
  };
}

function fileBytes(file: string): number {
  return [file, `${file}-wal`].reduce((sum, f) => sum + (existsSync(f) ? statSync(f).size : 0), 0);
}

async function databaseBytes(serverUrl: string, databases: string[]): Promise<number> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const res = await client.query<{ bytes: string }>(
      'SELECT coalesce(sum(pg_database_size(datname)), 0)::bigint AS bytes FROM pg_database WHERE datname = ANY($1)',
      [databases],
    );
    return Number(res.rows[0]?.bytes ?? 0);
  } finally {
    await client.end();
  }
}
