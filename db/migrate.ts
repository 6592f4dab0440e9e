import { loadConfig } from '../config';
import { createLogger } from '../config/logger';
import { createDb } from './connection';
import { ensureDatabase } from './ensure-database';
import { migrationSource } from './migrations';

/** Creates the database if missing and applies every pending migration. Safe to run any number of times. */
export async function migrateToLatest(databaseUrl: string): Promise<string[]> {
  await ensureDatabase(databaseUrl);
  const db = createDb(databaseUrl, 2);
  try {
    const [, applied] = (await db.migrate.latest({ migrationSource })) as [number, string[]];
    return applied;
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  const config = loadConfig();
  const log = createLogger('migrate', config.log.level, config.log.format);
  migrateToLatest(config.db.url)
    .then((applied) => log.info({ applied }, applied.length ? 'migrations applied' : 'database schema up to date'))
    .catch((err: unknown) => {
      log.error({ err }, 'migration failed');
      process.exitCode = 1;
    });
}
