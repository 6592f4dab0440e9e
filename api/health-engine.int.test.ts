import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { openIntegrationEnv, type IntegrationEnv } from '../test/integration-env';
import { createTokenVerifier, identify } from './auth';
import { temporalCheck } from './health-checks';
import { createHealthRouter } from './routes/health';
import { bearer, TEST_JWT_SECRET } from './testing/harness';

describe('/health names the Temporal engine it talks to', () => {
  let env: IntegrationEnv;
  beforeAll(async () => {
    env = await openIntegrationEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('reports the store types and shard count from the cluster description', async () => {
    const verify = identify(createTokenVerifier({ secret: TEST_JWT_SECRET }));
    const app = express().use(createHealthRouter({ temporal: temporalCheck(env.client) }, verify));
    // The detail is for authenticated callers only (versions are not for anyone's eyes).
    const res = await request(app)
      .get('/health')
      .set('Authorization', await bearer('od.angul', 'TREASURY_OPS'))
      .expect(200);
    const expected = inject('temporalEngine');
    expect(res.body.dependencies.temporal.engine).toEqual(
      expected.kind === 'postgres'
        ? { persistence: 'postgres12', visibility: 'postgres12', historyShards: expected.historyShards }
        : { persistence: 'sqlite', visibility: 'sqlite', historyShards: 1 },
    );
    expect(res.body.dependencies.temporal.detail).toMatch(
      /^server 1\.31\.2, (sqlite|postgres12) \/ \1, \d+ history shards?$/,
    );
  });
});
