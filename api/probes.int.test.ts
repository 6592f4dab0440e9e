import type { Worker } from '@temporalio/worker';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordHistoryIfAsked } from '../test/histories';
import { openIntegrationEnv, type IntegrationEnv } from '../test/integration-env';
import { DEFAULT_LIFECYCLE_POLICY } from '../config/lifecycle-policy';
import { createApp } from './app';
import { databaseCheck, temporalCheck, treasuryCheck } from './health-checks';
import { bearer, TEST_JWT_SECRET, testKeySettings } from './testing/harness';

describe('platform probe end to end (API → Temporal → worker → PostgreSQL)', () => {
  let env: IntegrationEnv;
  let worker: Worker;
  let running: Promise<void>;
  let app: ReturnType<typeof createApp>;
  let ops: string;

  beforeAll(async () => {
    env = await openIntegrationEnv();
    const taskQueue = env.uniqueTaskQueue('probe');
    worker = await env.createWorker(taskQueue);
    running = worker.run();
    ops = await bearer('od.angul', 'TREASURY_OPS');
    app = createApp({
      temporal: env.client,
      db: env.db,
      log: pino({ level: 'silent' }),
      taskQueue,
      settings: {
        auth: { secret: TEST_JWT_SECRET },
        rateLimitPerMinute: 1_000,
        webhooks: { inboundSecret: 'x'.repeat(32), toleranceSeconds: 300 },
        audit: { key: Buffer.alloc(32, 1), keyId: 'k1', oldKeys: [] },
        lifecycle: DEFAULT_LIFECYCLE_POLICY,
        ...testKeySettings(env.namespace),
      },
      healthChecks: {
        temporal: temporalCheck(env.client),
        database: databaseCheck(env.db),
        treasury: treasuryCheck('http://127.0.0.1:9'),
      },
    });
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.close();
  });

  it('runs the probe workflow, whose activity writes the row', async () => {
    const probeId = `smoke-${Date.now()}`;
    const res = await request(app)
      .post('/api/v1/probes')
      .set('Authorization', ops)
      .send({ probeId, note: 'hello' })
      .expect(201);
    expect(res.body.workflowId).toBe(`probe:od.angul:${probeId}`);
    expect(res.body.result.probeId).toBe(probeId);
    const row = await env.db('platform_probes').where({ probe_id: probeId }).first();
    expect(row).toMatchObject({
      tenant_id: 'od.angul',
      probe_id: probeId,
      workflow_id: `probe:od.angul:${probeId}`,
      note: 'hello',
    });
    const status = await request(app).get(`/api/v1/probes/${probeId}`).set('Authorization', ops).expect(200);
    expect(status.body.status).toBe('COMPLETED');
    await recordHistoryIfAsked(env.client, `probe:od.angul:${probeId}`, 'platform-probe');
  });

  it('returns the first run for a repeated probe id instead of starting another', async () => {
    const probeId = `repeat-${Date.now()}`;
    const first = await request(app).post('/api/v1/probes').set('Authorization', ops).send({ probeId }).expect(201);
    const second = await request(app).post('/api/v1/probes').set('Authorization', ops).send({ probeId }).expect(201);
    expect(second.body.result).toEqual(first.body.result);
    const rows = await env.db('platform_probes').where({ probe_id: probeId });
    expect(rows).toHaveLength(1);
  });

  it('rejects bad input with a machine-readable 400 and starts nothing', async () => {
    const res = await request(app)
      .post('/api/v1/probes')
      .set('Authorization', ops)
      .send({ probeId: 'has spaces!', extra: 1 })
      .expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.issues.length).toBeGreaterThan(0);
    const rows = await env.db('platform_probes').where({ probe_id: 'has spaces!' });
    expect(rows).toHaveLength(0);
  });

  it('refuses the probe without a token', async () => {
    const res = await request(app).post('/api/v1/probes').send({ probeId: 'no-token' }).expect(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('reports each dependency in /health to a caller with a token, and 503 when one is down', async () => {
    const res = await request(app).get('/health').set('Authorization', ops).expect(503);
    expect(res.body.dependencies.temporal.status).toBe('up');
    expect(res.body.dependencies.database.status).toBe('up');
    expect(res.body.dependencies.treasury.status).toBe('down');
  });
});
