import { execFileSync } from 'node:child_process';
import path from 'node:path';

export interface EngineBinaries {
  server: string;
  sqlTool: string;
  /** postgresql/v12 of the server module: `temporal/versioned`, `visibility/versioned`. */
  schemaDir: string;
  uiServer: string;
}

/** Resolves the pinned server, SQL tool, schema and UI server, building them on first use (scripts/temporal-server.sh). */
export function resolveEngineBinaries(repoRoot: string): EngineBinaries {
  const out = execFileSync('bash', [path.join(repoRoot, 'scripts/temporal-server.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const paths = Object.fromEntries(
    out
      .split('\n')
      .map((line) => line.split('='))
      .filter((kv): kv is [string, string] => kv.length === 2),
  );
  const need = (key: string): string => {
    const value = paths[key];
    if (!value) throw new Error(`scripts/temporal-server.sh did not print ${key}`);
    return value;
  };
  return {
    server: need('TEMPORAL_SERVER_BIN'),
    sqlTool: need('TEMPORAL_SQL_TOOL_BIN'),
    schemaDir: need('TEMPORAL_SCHEMA_DIR'),
    uiServer: need('TEMPORAL_UI_SERVER_BIN'),
  };
}
