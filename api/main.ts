import { Client, Connection } from '@temporalio/client';
import type { Server } from 'node:http';
import { loadConfig } from '../config';
import { createLogger, type Logger } from '../config/logger';
import { createDb } from '../db/connection';
import { platformDataConverter } from '../security/data-converter';
import { createApp } from './app';
import { apiSettings } from './context';
import { databaseCheck, temporalCheck, treasuryCheck } from './health-checks';

/** How long in-flight requests get to finish after SIGTERM before the process exits anyway. */
const DRAIN_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('api', config.log.level, config.log.format);
  const db = createDb(config.db.url, config.db.poolMax);
  const connection = await Connection.connect({ address: config.temporal.address });
  const temporal = new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: platformDataConverter(config.payloads),
  });
  const app = createApp({
    temporal,
    db,
    log,
    settings: apiSettings(config),
    // An isolated deployment (WORKER_TASK_QUEUE) starts its payments on its own workers' queue.
    ...(config.worker.taskQueue ? { taskQueue: config.worker.taskQueue } : {}),
    healthChecks: {
      temporal: temporalCheck(temporal),
      database: databaseCheck(db),
      treasury: treasuryCheck(config.treasury.baseUrl),
    },
  });
  const server = app.listen(config.api.port, config.api.host, () =>
    log.info({ url: `http://${config.api.host}:${config.api.port}` }, 'API listening'),
  );
  onShutdown(server, log, () => Promise.all([connection.close(), db.destroy()]).then(() => undefined));
}

/**
 * Graceful shutdown: stop accepting connections, let in-flight requests finish (idle keep-alive
 * sockets are closed at once so they do not hold the drain open), then close Temporal and the pool.
 * A second signal, or the drain deadline, exits immediately.
 */
function onShutdown(server: Server, log: Logger, closeDeps: () => Promise<void>): void {
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info({ signal }, 'API shutting down: draining in-flight requests');
    setTimeout(() => {
      log.warn('drain deadline passed; exiting with requests still open');
      process.exit(1);
    }, DRAIN_MS).unref();
    server.close(() => {
      closeDeps()
        .then(() => {
          log.info('API stopped');
          process.exit(0);
        })
        .catch((err: unknown) => {
          log.error({ err }, 'error while closing connections');
          process.exit(1);
        });
    });
    server.closeIdleConnections();
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
