import type { Worker } from '@temporalio/worker';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant, type TestTenant } from '../test/funds-fixtures';
import { openIntegrationEnv, type IntegrationEnv } from '../test/integration-env';
import { FAST_POLICY, payee } from '../test/lifecycle-env';
import { signToken } from './auth';
import { encodeCursor } from './payments/cursor';
import { bearer, TEST_JWT_SECRET, TEST_WEBHOOK_SECRET, testApp } from './testing/harness';
import { signBody } from '../security/webhook-signature';

/**
 * The findings of the hostile-input review (issue 13), each against the real app, PostgreSQL and
 * Temporal: values that passed the zod schemas but not PostgreSQL, unknown tenants, tenant-global ids
 * and leaky errors. `idle` starts workflows on a queue no worker polls (anything it starts stays visible
 * and inert); `live` has a worker, for the probe workflow.
 */
let env: IntegrationEnv;
let worker: Worker;
let running: Promise<void>;
let idle: Express;
let live: Express;
let tenant: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  env = await openIntegrationEnv();
  [tenant, other] = [await createTestTenant(env.db), await createTestTenant(env.db)];
  const liveQueue = env.uniqueTaskQueue('hostile-live');
  worker = await env.createWorker(liveQueue);
  running = worker.run();
  const common = { temporal: env.client, db: env.db, lifecycle: FAST_POLICY, rateLimitPerMinute: 100_000 };
  idle = testApp({ ...common, taskQueue: env.uniqueTaskQueue('hostile-idle') });
  live = testApp({ ...common, taskQueue: liveQueue });
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.close();
});

const bill = (billNumber: string) => ({ billNumber, beneficiaries: [payee('100000000011', 150000)] });

const issuePaths = (res: request.Response) =>
  (res.body as { error: { details: { issues: Array<{ path: string }> } } }).error.details.issues.map((i) => i.path);

function expectRefusal(res: request.Response, status: number, code: string, path?: string) {
  expect([res.status, res.body?.error?.code], JSON.stringify(res.body).slice(0, 500)).toEqual([status, code]);
  expect(Object.keys(res.body.error as object).sort()).toEqual(['code', 'details', 'message']);
  if (path !== undefined) expect(issuePaths(res)).toContain(path);
}

const workflowsOf = async (tenantId: string) => (await env.client.workflow.count(`TenantId = "${tenantId}"`)).count;

describe('text PostgreSQL cannot store is refused at the edge, naming the field', () => {
  it('refuses a NUL in a cancel reason before it reaches the workflow', async () => {
    const ops = await bearer(tenant.tenantId, 'TREASURY_OPS');
    const res = await request(idle)
      .post('/api/v1/payments/B-1/actions/cancel')
      .set('Authorization', ops)
      .send({ reason: 'duplicate\u0000bill' });
    expectRefusal(res, 400, 'VALIDATION_FAILED', 'reason');
    expect(res.body.error.details.issues[0].code).toBe('unsafe_text');
  });

  it('refuses lone surrogates and control characters anywhere in a body, keys included', async () => {
    const emp = await bearer(tenant.tenantId, 'EMPLOYEE');
    const body = bill('SURR-1');
    body.beneficiaries[0]!.name = 'A\ud800sha';
    const res = await request(idle)
      .post('/api/v1/payments')
      .set('Authorization', emp)
      .set('Idempotency-Key', 'surrogate-key-1')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ ...body, ['k\u0007']: 1 }));
    expectRefusal(res, 400, 'VALIDATION_FAILED', 'beneficiaries.0.name');
    expect(issuePaths(res)).toContain('k\\u0007');
    expect(await env.db('api_idempotency_keys').where({ tenant_id: tenant.tenantId })).toHaveLength(0);
  });

  it('refuses a NUL in a probe note at once instead of hanging while recordProbe retries', async () => {
    const ops = await bearer(tenant.tenantId, 'TREASURY_OPS');
    const started = Date.now();
    const res = await request(live)
      .post('/api/v1/probes')
      .set('Authorization', ops)
      .send({ probeId: `nul-note-${Date.now()}`, note: 'a\u0000b' })
      .timeout(15_000)
      .catch((err: unknown) => ({ status: 0, body: { timeout: String(err) } }) as unknown as request.Response);
    expectRefusal(res, 400, 'VALIDATION_FAILED', 'note');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses a token whose sub carries a NUL (it would become submittedBy)', async () => {
    const token = await signToken(TEST_JWT_SECRET, {
      sub: 'eve\u0000',
      tenants: [tenant.tenantId],
      roles: ['AUDITOR'],
    });
    const res = await request(idle).get('/api/v1/payments').set('Authorization', `Bearer ${token}`);
    expectRefusal(res, 401, 'UNAUTHENTICATED');
    expect(res.body.error.message).toMatch(/sub/);
  });
});

describe('dates outside years 1900-9999 or offsets beyond ±14:00 are 400s, not 500s', () => {
  it.each([
    ['/api/v1/payments', { from: '0000-01-01' }, 'from'],
    ['/api/v1/payments', { to: '0000-01-01' }, 'to'],
    ['/api/v1/payments', { from: '1899-12-31' }, 'from'],
    ['/api/v1/payments', { from: '2026-05-10T00:00:00+23:59' }, 'from'],
    ['/api/v1/payments', { to: '2026-05-10T00:00:00-14:01' }, 'to'],
    ['/api/v1/funds/register', { from: '0000-01-01' }, 'from'],
    ['/api/v1/funds/register', { to: '0000-01-01' }, 'to'],
  ])('%s %j', async (path, query, field) => {
    const auditor = await bearer(tenant.tenantId, 'AUDITOR');
    expectRefusal(
      await request(idle).get(path).query(query).set('Authorization', auditor),
      400,
      'VALIDATION_FAILED',
      field,
    );
  });

  it('still takes the widest real offsets', async () => {
    const auditor = await bearer(tenant.tenantId, 'AUDITOR');
    const query = { from: '2026-05-10T00:00:00+14:00', to: '2026-05-11T00:00:00-12:00' };
    await request(idle).get('/api/v1/payments').query(query).set('Authorization', auditor).expect(200);
  });

  it.each([
    ['a year 0000', { at: '0000-01-01T00:00:00.000000Z', id: 'x' }],
    ['a NUL in its id', { at: '2026-01-01T00:00:00.000000Z', id: 'a\u0000b' }],
  ])('refuses a hand-made cursor with %s on both lists', async (_what, keyset) => {
    const auditor = await bearer(tenant.tenantId, 'AUDITOR');
    for (const path of ['/api/v1/payments', '/api/v1/payment-instructions']) {
      const res = await request(idle)
        .get(path)
        .query({ cursor: encodeCursor(keyset) })
        .set('Authorization', auditor);
      expectRefusal(res, 400, 'INVALID_CURSOR');
    }
  });
});

describe('errors echo nothing whole', () => {
  it('truncates a 250 kB unknown key in the error', async () => {
    const emp = await bearer(tenant.tenantId, 'EMPLOYEE');
    const res = await request(idle)
      .post('/api/v1/payments')
      .set('Authorization', emp)
      .set('Idempotency-Key', 'long-key-echo-1')
      .send({ ...bill('ECHO-1'), ['k'.repeat(250_000)]: 1 });
    expectRefusal(res, 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(res.body).length).toBeLessThan(2_000);
  });

  it('truncates an unknown path in a 404', async () => {
    const res = await request(idle).get(`/${'p'.repeat(8_000)}`);
    expectRefusal(res, 404, 'NOT_FOUND');
    expect(res.body.error.message.length).toBeLessThan(200);
  });
});

describe('unknown tenants are refused at the API as at the webhook', () => {
  it('answers 422 UNKNOWN_TENANT for a token tenant without master data and starts nothing', async () => {
    const nowhere = `od.nowhere${Date.now()}`;
    const emp = await bearer(nowhere, 'EMPLOYEE');
    const res = await request(idle)
      .post('/api/v1/payments')
      .set('Authorization', emp)
      .set('Idempotency-Key', 'unknown-tenant-1')
      .send(bill('NOWHERE-1'));
    expectRefusal(res, 422, 'UNKNOWN_TENANT');
    expect(await env.db('api_idempotency_keys').where({ tenant_id: nowhere })).toHaveLength(0);
    expect(await workflowsOf(nowhere)).toBe(0);
  });
});

describe('ids are unique per tenant, not globally', () => {
  const postEvent = (tenantId: string, eventId: string, billNumber: string) => {
    const raw = JSON.stringify({ eventId, tenantId, bill: bill(billNumber) });
    const ts = String(Math.floor(Date.now() / 1000));
    return request(idle)
      .post('/webhooks/bills')
      .set('Content-Type', 'application/json')
      .set('X-Timestamp', ts)
      .set('X-Signature', signBody(TEST_WEBHOOK_SECRET, ts, raw))
      .send(raw);
  };

  it("does not drop one tenant's event because another used the same event id", async () => {
    const eventId = `shared-event-${Date.now()}`;
    await postEvent(tenant.tenantId, eventId, 'EVT-A').expect(202);
    const res = await postEvent(other.tenantId, eventId, 'EVT-B');
    expect([res.status, res.body.billNumber]).toEqual([202, 'EVT-B']);
    // The same tenant repeating its event id is still a duplicate.
    expect((await postEvent(other.tenantId, eventId, 'EVT-B').expect(200)).body.duplicate).toBe(true);
  });

  it("keeps one tenant's probe from another tenant's operator", async () => {
    const probeId = `tenant-probe-${Date.now()}`;
    const mine = await bearer(tenant.tenantId, 'TREASURY_OPS');
    const theirs = await bearer(other.tenantId, 'TREASURY_OPS');
    const first = await request(live).post('/api/v1/probes').set('Authorization', mine).send({ probeId }).expect(201);
    await request(live).get(`/api/v1/probes/${probeId}`).set('Authorization', mine).expect(200);
    expectRefusal(await request(live).get(`/api/v1/probes/${probeId}`).set('Authorization', theirs), 404, 'NOT_FOUND');
    const second = await request(live)
      .post('/api/v1/probes')
      .set('Authorization', theirs)
      .send({ probeId })
      .expect(201);
    expect(second.body.workflowId).not.toBe(first.body.workflowId);
    expect(await env.db('platform_probes').where({ probe_id: probeId })).toHaveLength(2);
  });
});

describe('what anonymous callers see', () => {
  it('/health without a token says up or degraded, no versions; with a token, each dependency', async () => {
    const anonymous = await request(idle).get('/health');
    expect(anonymous.body).toEqual({ status: 'ok' });
    const withToken = await request(idle)
      .get('/health')
      .set('Authorization', await bearer(tenant.tenantId, 'AUDITOR'));
    expect(withToken.body).toEqual({ status: 'ok', dependencies: {} });
  });

  it('documents /probes in the OpenAPI document', async () => {
    const doc = (await request(idle).get('/openapi.json').expect(200)).body as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/probes', '/api/v1/probes/{probeId}']));
  });
});
