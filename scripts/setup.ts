import { loadConfig, type AppConfig } from '../config';
import { migrateToLatest } from '../db/migrate';
import { connectWithRetry, ensureNamespace } from '../workers/namespace-setup';

/**
 * Makes a platform ready to run, idempotently: the Temporal namespace (retention, search attributes)
 * and the database schema. `npm start` runs it; in docker-compose it is the one-shot `setup` service.
 */
export async function preparePlatform(config: AppConfig, log: (line: string) => void): Promise<void> {
  const connection = await connectWithRetry(config.temporal.address, 120_000);
  try {
    await ensureNamespace(connection, {
      namespace: config.temporal.namespace,
      retentionDays: config.temporal.retentionDays,
    });
  } finally {
    await connection.close();
  }
  log(`namespace "${config.temporal.namespace}" ready (retention ${config.temporal.retentionDays} days)`);
  const applied = await migrateToLatest(config.db.url);
  log(applied.length ? `migrations applied: ${applied.join(', ')}` : 'database schema up to date');
}

if (require.main === module) {
  preparePlatform(loadConfig(), (line) => console.log(line)).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
