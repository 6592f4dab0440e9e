import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { DefaultLogger, NativeConnection, Runtime, makeTelemetryFilterString, type Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { Registry } from 'prom-client';
import pino from 'pino';
import type { ActivityDeps } from '../activities';
import { loadConfig } from '../config';
import { createTreasuryGateway } from '../treasury';
import { createDb } from '../db/connection';
import { platformDataConverter } from '../security/data-converter';
import { createFieldCipher } from '../security/field-cipher';
import { createWorker } from '../workers/create-worker';

let runtimeInstalled = false;

/**
 * What an integration test file needs: a client and a native connection to the shared test server,
 * the migrated test database, and a way to run a real worker (with the prebuilt bundle) on a task
 * queue of its own, so files running in parallel never steal each other's tasks.
 */
export async function openIntegrationEnv() {
  if (!runtimeInstalled) {
    Runtime.install({
      logger: new DefaultLogger('WARN'),
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }) } },
    });
    runtimeInstalled = true;
  }
  const address = inject('temporalAddress');
  const namespace = inject('temporalNamespace');
  const db = createDb(inject('databaseUrl'), 5);
  const connection = await Connection.connect({ address });
  const nativeConnection = await NativeConnection.connect({ address });
  // The same key rings as a platform started with NODE_ENV=test (and the API test harness).
  const keys = loadConfig({ NODE_ENV: 'test' });
  const dataConverter = platformDataConverter(keys.payloads);
  const pii = createFieldCipher(keys.pii);
  const client = new Client({ connection, namespace, dataConverter });

  return {
    namespace,
    client,
    db,
    dataConverter,
    pii,
    uniqueTaskQueue: (label: string) => `test-${label}-${randomUUID().slice(0, 8)}`,
    /** A worker with real activities; without a gateway given, treasury calls go nowhere (127.0.0.1:9). */
    async createWorker(
      taskQueue: string,
      deps: Partial<ActivityDeps> = {},
      /** Another payload key ring (key rotation tests); the platform's NODE_ENV=test ring otherwise. */
      options: { dataConverter?: DataConverter } = {},
    ): Promise<Worker> {
      const treasury =
        deps.treasury ??
        createTreasuryGateway({
          config: loadConfig({ NODE_ENV: 'test', TREASURY_BASE_URL: 'http://127.0.0.1:9' }).treasury,
          audit: loadConfig({ NODE_ENV: 'test' }).audit,
          db,
          log: pino({ level: 'silent' }),
          registry: new Registry(),
        });
      return createWorker({
        connection: nativeConnection,
        namespace,
        taskQueue,
        dataConverter: options.dataConverter ?? dataConverter,
        deps: { db, temporal: client, firstSweepLookbackDays: 30, pii, ...deps, treasury },
        workflowBundlePath: inject('workflowBundlePath'),
      });
    },
    async close(): Promise<void> {
      await connection.close();
      await nativeConnection.close();
      await db.destroy();
    },
  };
}

export type IntegrationEnv = Awaited<ReturnType<typeof openIntegrationEnv>>;
