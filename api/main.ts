import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../config';
import { createLogger } from '../config/logger';
import { createDb } from '../db/connection';
import { createApp } from './app';
import { databaseCheck, temporalCheck, treasuryCheck } from './health-checks';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('api', config.log.level, config.log.format);
  const db = createDb(config.db.url, config.db.poolMax);
  const connection = await Connection.connect({ address: config.temporal.address });
  const temporal = new Client({ connection, namespace: config.temporal.namespace });
  const app = createApp({
    temporal,
    log,
    healthChecks: {
      temporal: temporalCheck(temporal),
      database: databaseCheck(db),
      treasury: treasuryCheck(config.treasury.baseUrl),
    },
  });
  const server = app.listen(config.api.port, config.api.host, () =>
    log.info({ url: `http://${config.api.host}:${config.api.port}` }, 'API listening'),
  );
  const shutdown = (signal: string) => {
    log.info({ signal }, 'API shutting down');
    server.close(() => {
      void Promise.all([connection.close(), db.destroy()]).finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
