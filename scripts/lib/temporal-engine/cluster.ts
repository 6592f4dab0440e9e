import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EngineBinaries } from './binaries';
import { TEMPORAL_SERVICES, type EnginePorts, type TemporalService } from './ports';
import { ensureEngineSchema, type PostgresTarget } from './schema';
import { renderDynamicConfig, renderServerConfig, type SqlPools } from './server-config';
import { renderUiConfig } from './ui-config';

export interface ClusterOptions {
  binaries: EngineBinaries;
  topology: 'single' | 'split';
  historyShards: number;
  sqlPools: SqlPools;
  ports: EnginePorts;
  postgres: PostgresTarget;
  databases: { persistence: string; visibility: string };
  namespace: string;
  /** Where `config/` (what docker-compose mounts) is written; the server runs with it as cwd. */
  workDir: string;
  headless: boolean;
  logLevel: string;
  /** The payload codec server the Web UI decodes payloads through (the API's /codec). */
  codecEndpoint?: string;
}

/** One OS process of the engine: `temporal` (all services), `temporal-<service>` (split) or `temporal-ui`. */
export interface EngineProcess {
  name: string;
  services: TemporalService[];
  spawn: () => ChildProcess;
}

/** Writes the server, dynamic and UI config into `<workDir>/config` and returns their paths. */
export function writeClusterConfig(o: Omit<ClusterOptions, 'binaries' | 'headless' | 'logLevel'>): {
  serverConfig: string;
  configDir: string;
} {
  const configDir = path.join(o.workDir, 'config');
  mkdirSync(configDir, { recursive: true });
  const serverConfig = path.join(configDir, 'temporal-server.yaml');
  writeFileSync(
    serverConfig,
    renderServerConfig({
      historyShards: o.historyShards,
      sqlPools: o.sqlPools,
      ports: o.ports,
      postgresAddress: `${o.postgres.host}:${o.postgres.port}`,
      postgresUser: o.postgres.user,
      databases: o.databases,
      // Relative to the server's working directory: the same path inside the compose containers.
      dynamicConfigFile: 'config/dynamicconfig.yaml',
    }),
  );
  writeFileSync(path.join(configDir, 'dynamicconfig.yaml'), renderDynamicConfig());
  writeFileSync(
    path.join(configDir, 'ui.yaml'),
    renderUiConfig({
      frontendAddress: `127.0.0.1:${o.ports.services.frontend.grpc}`,
      port: o.ports.ui,
      namespace: o.namespace,
      ...(o.codecEndpoint ? { codecEndpoint: o.codecEndpoint } : {}),
    }),
  );
  return { serverConfig, configDir };
}

/**
 * Prepares the PostgreSQL engine (databases, schema, config files) and describes its processes:
 * one server process with every service, or one per service when split, plus the Web UI server.
 * The caller spawns them (and respawns one to simulate a crashed host).
 */
export async function prepareCluster(o: ClusterOptions): Promise<EngineProcess[]> {
  await ensureEngineSchema(o.binaries, o.postgres, o.databases);
  const { serverConfig } = writeClusterConfig(o);
  // A clean environment: the server reads TEMPORAL_* variables of its own (TEMPORAL_SERVICES among them).
  const baseEnv = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    TEMPORAL_VERSION_CHECK_DISABLED: '1',
    IFMS_TEMPORAL_DB_PASSWORD: o.postgres.password,
    IFMS_TEMPORAL_LOG_LEVEL: o.logLevel,
  };
  const serverProcess = (name: string, services: TemporalService[]): EngineProcess => ({
    name,
    services,
    spawn: () =>
      spawn(
        o.binaries.server,
        ['--config-file', serverConfig, '--allow-no-auth', 'start', ...services.flatMap((s) => ['--service', s])],
        {
          cwd: o.workDir,
          stdio: ['ignore', 'pipe', 'pipe'],
          detached: true,
          env: { ...baseEnv, IFMS_TEMPORAL_METRICS_ADDRESS: `127.0.0.1:${o.ports.services[services[0]!].metrics}` },
        },
      ),
  });
  const processes =
    o.topology === 'split'
      ? TEMPORAL_SERVICES.map((s) => serverProcess(`temporal-${s}`, [s]))
      : [serverProcess('temporal', [...TEMPORAL_SERVICES])];
  if (!o.headless) {
    processes.push({
      name: 'temporal-ui',
      services: [],
      spawn: () =>
        spawn(o.binaries.uiServer, ['--root', o.workDir, '--config', 'config', '--env', 'ui', 'start'], {
          cwd: o.workDir,
          stdio: ['ignore', 'pipe', 'pipe'],
          detached: true,
          env: { PATH: baseEnv.PATH, HOME: baseEnv.HOME },
        }),
    });
  }
  return processes;
}
