import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, makeTelemetryFilterString, type LogLevel } from '@temporalio/worker';
import { loadTreasuryCalendar, pacingClock } from '../calendar/load';
import { loadConfig } from '../config';
import { createLogger } from '../config/logger';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { createDb } from '../db/connection';
import { platformDataConverter } from '../security/data-converter';
import { createFieldCipher } from '../security/field-cipher';
import { createTreasuryGateway } from '../treasury';
import { createBreakerRecorder } from './breaker-recorder';
import { createWorker } from './create-worker';
import { startMetricsServer } from './metrics-server';
import { ensureOutboxSchedule } from '../outbox';
import { ensureSchedules } from './schedules';

const SDK_TO_PINO: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** Composition root of a worker process: config → connections → activity deps → worker → run → close. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('worker', config.log.level, config.log.format);
  // The SDK's own messages go through our structured logger; at INFO it prints whole webpack reports.
  const sdkLog = log.child({ component: 'temporal-sdk' });
  Runtime.install({
    logger: new DefaultLogger('WARN', ({ level, message, meta }) => sdkLog[SDK_TO_PINO[level]](meta ?? {}, message)),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }) } },
  });
  const db = createDb(config.db.url, config.db.poolMax);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const treasury = createTreasuryGateway({
    config: config.treasury,
    audit: config.audit,
    db,
    log,
    registry,
    onBreakerStateChange: createBreakerRecorder(db, log),
  });
  const metrics = config.worker.metricsPort
    ? await startMetricsServer(registry, config.api.host, config.worker.metricsPort)
    : undefined;
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const clientConnection = await Connection.connect({ address: config.temporal.address });
  const dataConverter = platformDataConverter(config.payloads);
  const calendar = loadTreasuryCalendar(config.pacing.calendarFile);
  const temporal = new Client({ connection: clientConnection, namespace: config.temporal.namespace, dataConverter });
  try {
    if (config.worker.createSchedules) {
      const taskQueue = config.worker.taskQueue;
      const { failureSweepPlan, ...schedules } = config.schedules;
      await ensureSchedules(temporal, {
        ...schedules,
        taskQueue,
        ...(failureSweepPlan ? { failureSweepCalendar: { calendar, plan: failureSweepPlan } } : {}),
      });
      await ensureOutboxSchedule(temporal, {
        taskQueue,
        everyMs: config.api.webhooks.deliveryEveryMs,
        maxAttempts: config.api.webhooks.maxAttempts,
      });
    }
    const worker = await createWorker({
      connection,
      namespace: config.temporal.namespace,
      dataConverter,
      taskQueue: config.worker.taskQueue,
      tuning: config.worker.tuning,
      workflowBundlePath: config.worker.workflowBundlePath,
      deps: {
        db,
        treasury,
        temporal,
        pii: createFieldCipher(config.pii),
        firstSweepLookbackDays: config.schedules.firstSweepLookbackDays,
        webhooks: { subscribers: config.api.webhooks.subscribers },
        registry,
        pacing: {
          calendar,
          clock: pacingClock(config.pacing.modelClock),
        },
      },
    });
    log.info({ namespace: config.temporal.namespace, taskQueue: worker.options.taskQueue }, 'worker started');
    await worker.run();
    log.info('worker stopped');
  } finally {
    metrics?.close();
    await connection.close();
    await clientConnection.close();
    await treasury.close();
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
