import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { EngineBinaries } from './binaries';

const run = promisify(execFile);

export interface PostgresTarget {
  host: string;
  port: number;
  user: string;
  password: string;
}

/** host, port, user and password of a postgres:// URL (its database path is not used). */
export function postgresTarget(url: string): PostgresTarget {
  const u = new URL(url);
  return {
    host: u.hostname || '127.0.0.1',
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username || 'postgres'),
    password: decodeURIComponent(u.password),
  };
}

/**
 * Creates each Temporal database if missing and brings its schema to the version this server
 * ships, with the server's own SQL tool: create-database, setup-schema at 0.0 (a no-op once
 * set up), update-schema from the versioned directory. Every step is idempotent, so every start runs it.
 */
export async function ensureEngineSchema(
  binaries: EngineBinaries,
  target: PostgresTarget,
  databases: { persistence: string; visibility: string },
): Promise<void> {
  const plan: Array<[string, string]> = [
    [databases.persistence, 'temporal'],
    [databases.visibility, 'visibility'],
  ];
  for (const [database, schema] of plan) {
    const tool = (...args: string[]) =>
      run(
        binaries.sqlTool,
        [
          '--plugin',
          'postgres12',
          '--ep',
          target.host,
          '-p',
          String(target.port),
          '-u',
          target.user,
          '--db',
          database,
        ].concat(args),
        // The password goes by environment, never on a command line other users can read.
        { env: { PATH: process.env.PATH ?? '', SQL_PASSWORD: target.password }, maxBuffer: 16 * 2 ** 20 },
      ).catch((err: Error & { stderr?: string }) => {
        throw new Error(
          `temporal-sql-tool ${args[0]} on ${database} failed: ${err.stderr?.slice(-2000) ?? err.message}`,
        );
      });
    await tool('create-database').catch((err: Error) => {
      if (!/already exists/.test(err.message)) throw err;
    });
    await tool('setup-schema', '-v', '0.0');
    await tool('update-schema', '-d', path.join(binaries.schemaDir, schema, 'versioned'));
  }
}
