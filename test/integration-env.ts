import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, makeTelemetryFilterString, type Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import type { ActivityDeps } from '../activities';
import { createDb } from '../db/connection';
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
  const client = new Client({ connection, namespace });

  return {
    namespace,
    client,
    db,
    uniqueTaskQueue: (label: string) => `test-${label}-${randomUUID().slice(0, 8)}`,
    async createWorker(taskQueue: string, deps: Partial<ActivityDeps> = {}): Promise<Worker> {
      return createWorker({
        connection: nativeConnection,
        namespace,
        taskQueue,
        deps: { db, ...deps },
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
