import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export interface DevServerOptions {
  cliPath: string;
  dbFile: string;
  port: number;
  /** Web UI port; omit for a headless server (tests). */
  uiPort?: number;
  /** The codec server the Web UI decrypts payloads through (the API's `/codec`). */
  uiCodecEndpoint?: string;
  namespace: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Durability trade-off: tests use OFF (fast, throw-away), the dev platform NORMAL (survives a process crash). */
  synchronous?: 'OFF' | 'NORMAL';
}

/** Resolves the pinned CLI, building it on first use (see scripts/temporal-cli.sh). */
export function resolveTemporalCli(repoRoot: string): string {
  if (process.env.TEMPORAL_CLI) return process.env.TEMPORAL_CLI;
  return execFileSync('bash', [path.join(repoRoot, 'scripts/temporal-cli.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

export function devServerArgs(o: DevServerOptions): string[] {
  return [
    'server',
    'start-dev',
    '--db-filename',
    o.dbFile,
    '--ip',
    '127.0.0.1',
    '--port',
    String(o.port),
    ...(o.uiPort ? ['--ui-port', String(o.uiPort), '--ui-disable-news-fetch'] : ['--headless']),
    ...(o.uiPort && o.uiCodecEndpoint ? ['--ui-codec-endpoint', o.uiCodecEndpoint] : []),
    '--namespace',
    o.namespace,
    // No internet here, and no phoning home anywhere: the server's version check is off.
    '--dynamic-config-value',
    'frontend.enableServerVersionCheck=false',
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecution=true',
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
    '--sqlite-pragma',
    'journal_mode=WAL',
    '--sqlite-pragma',
    `synchronous=${o.synchronous ?? 'NORMAL'}`,
    '--log-level',
    o.logLevel ?? 'warn',
  ];
}

export function startDevServer(o: DevServerOptions, stdio: 'inherit' | 'pipe' | 'ignore' = 'pipe'): ChildProcess {
  mkdirSync(path.dirname(o.dbFile), { recursive: true });
  return spawn(o.cliPath, devServerArgs(o), {
    stdio: ['ignore', stdio, stdio],
    detached: true,
    env: { ...process.env, TEMPORAL_VERSION_CHECK_DISABLED: '1' },
  });
}
