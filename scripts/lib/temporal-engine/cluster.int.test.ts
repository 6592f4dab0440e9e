import { Client, type Connection } from '@temporalio/client';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config';
import { startPrivateEngine, type PrivateEngine } from '../../../test/private-engine';
import { connectWithRetry, ensureNamespace } from '../../../workers/namespace-setup';

/**
 * The production engine's cluster shape, whatever engine the rest of the run uses: the server on
 * PostgreSQL with frontend, history, matching and worker as four processes. A crashed history or
 * matching process comes back and the cluster carries on from what PostgreSQL holds.
 */
describe('the Temporal server on PostgreSQL, split into service processes', () => {
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'ifms-cluster-test-'));
  let engine: PrivateEngine;
  let connection: Connection;
  let client: Client;

  beforeAll(async () => {
    engine = await startPrivateEngine({
      label: 'cluster',
      namespace: 'ifms-cluster',
      workDir,
      engine: { ...loadConfig().temporal.engine, kind: 'postgres', topology: 'split', historyShards: 4 },
    });
    connection = await connectWithRetry(engine.address);
    await ensureNamespace(connection, { namespace: 'ifms-cluster', retentionDays: 1 });
    client = new Client({ connection, namespace: 'ifms-cluster' });
  }, 240_000);

  afterAll(async () => {
    await connection?.close();
    await engine?.dispose();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('runs each service as its own process and describes itself as postgres with 4 shards', async () => {
    expect(engine.processNames()).toEqual([
      'temporal-frontend',
      'temporal-history',
      'temporal-matching',
      'temporal-worker',
    ]);
    const pids = engine.processNames().map((name) => engine.pid(name));
    expect(new Set(pids).size).toBe(4);
    const info = await connection.workflowService.getClusterInfo({});
    expect({ p: info.persistenceStore, v: info.visibilityStore, shards: info.historyShardCount }).toEqual({
      p: 'postgres12',
      v: 'postgres12',
      shards: 4,
    });
  });

  it.each(['history', 'matching'] as const)(
    'keeps a started workflow through a SIGKILLed %s process and its restart',
    async (service) => {
      const handle = await client.workflow.start('neverPolled', {
        taskQueue: `cluster-${service}`,
        workflowId: `cluster-survives-${service}-${Date.now()}`,
      });
      const before = engine.pid(`temporal-${service}`);
      await engine.killAndRestart(`temporal-${service}`);
      expect(engine.pid(`temporal-${service}`)).not.toBe(before);
      expect(() => process.kill(before!, 0)).toThrow();
      const described = await handle.describe();
      expect(described.status.name).toBe('RUNNING');
      await handle.terminate('test over');
      expect((await handle.describe()).status.name).toBe('TERMINATED');
    },
    180_000,
  );
});
