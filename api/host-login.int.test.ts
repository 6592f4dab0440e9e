import type { Express } from 'express';
import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openIntegrationEnv } from '../test/integration-env';
import { DIGIT_USER_MAPPING, type AuthSettings } from './auth';
import { startFakeUserService, type FakeUserService } from './testing/fake-user-service';
import { appWithoutWorker, bearer, TEST_JWT_SECRET } from './testing/harness';
import { signBody } from '../security/webhook-signature';

const LOGOUT_SECRET = 'test-only-host-logout-secret-0123456789ab';

let env: Awaited<ReturnType<typeof openIntegrationEnv>>;
let users: FakeUserService;
let settings: AuthSettings;
/** Two API processes: each has its own session cache; they share only PostgreSQL. */
let apiA: Express;
let apiB: Express;

beforeAll(async () => {
  env = await openIntegrationEnv();
  users = await startFakeUserService();
  settings = {
    secret: TEST_JWT_SECRET,
    host: {
      userDetailsUrl: users.url,
      mapping: {
        ...DIGIT_USER_MAPPING,
        roleMap: { MUKTA_ADMIN: 'TREASURY_OPS', BILL_CREATOR: 'EMPLOYEE', AUDITOR: 'AUDITOR' },
      },
      sessionTimeoutMs: 60_000,
      timeoutMs: 2_000,
      logoutSecret: LOGOUT_SECRET,
    },
  };
  const app = () => appWithoutWorker(env, 'host-login', { auth: settings });
  apiA = app();
  apiB = app();
});
afterAll(async () => {
  await users?.close();
  await env?.close();
});
beforeEach(() => {
  users.calls.length = 0;
  users.failing = false;
});

/** A fresh host session (DIGIT tokens are UUIDs) for a user with these roles. */
function session(roles: Array<{ code: string; tenantId?: string }>, active = true): string {
  const token = randomUUID();
  users.sessions.set(token, {
    uuid: `uuid-${token.slice(0, 8)}`,
    userName: 'ops',
    tenantId: 'od.angul',
    active,
    roles,
  });
  return token;
}

const inbox = (app: Express, token: string) =>
  request(app).get('/api/v1/inbox').set('Authorization', `Bearer ${token}`);

function logout(token: string, secret = LOGOUT_SECRET) {
  const body = JSON.stringify({ accessToken: token });
  const ts = String(Math.floor(Date.now() / 1000));
  return request(apiA)
    .post('/auth/host/logout')
    .set('Content-Type', 'application/json')
    .set('X-Timestamp', ts)
    .set('X-Signature', signBody(secret, ts, body))
    .send(body);
}

describe('opaque session tokens of the host platform', () => {
  it('admits a token the user service knows, asking it once per session in DIGIT’s request shape', async () => {
    const token = session([{ code: 'MUKTA_ADMIN', tenantId: 'od.angul' }, { code: 'CITIZEN' }]);
    await inbox(apiA, token).expect(200);
    await inbox(apiA, token).expect(200);
    expect(users.calls).toEqual([{ queryToken: token, bodyToken: token }]);
  });

  it('grants a role only in the tenant the host grants it in', async () => {
    const token = session([
      { code: 'BILL_CREATOR', tenantId: 'od.angul' },
      { code: 'AUDITOR', tenantId: 'od.puri' },
    ]);
    const audit = (tenant: string) =>
      request(apiA)
        .get('/api/v1/payments/B-host-1/audit')
        .set('Authorization', `Bearer ${token}`)
        .set('X-Tenant-Id', tenant);
    const refused = await audit('od.angul').expect(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    expect((await audit('od.puri').expect(404)).body.error.code).toBe('NOT_FOUND');
    expect((await audit('od.cuttack').expect(403)).body.error.code).toBe('TENANT_FORBIDDEN');
    const res = await inbox(apiA, token).expect(400);
    expect(res.body.error).toMatchObject({ code: 'TENANT_REQUIRED', details: { tenants: ['od.angul', 'od.puri'] } });
  });

  it('refuses unknown tokens, inactive users and users without a known role; 503 when the service is down', async () => {
    expect((await inbox(apiA, randomUUID()).expect(401)).body.error.code).toBe('UNAUTHENTICATED');
    await inbox(apiA, session([{ code: 'MUKTA_ADMIN' }], false)).expect(401);
    await inbox(apiA, session([{ code: 'CITIZEN', tenantId: 'od.angul' }])).expect(401);
    users.failing = true;
    const down = await inbox(apiA, session([{ code: 'MUKTA_ADMIN' }])).expect(503);
    expect(down.body.error.code).toBe('AUTH_UNAVAILABLE');
  });

  it('does not take JWTs signed with JWT_SECRET in host mode', async () => {
    const jwt = await bearer('od.angul', 'TREASURY_OPS');
    await request(apiA).get('/api/v1/inbox').set('Authorization', jwt).expect(401);
  });
});

describe('the host’s logout callback', () => {
  it('refuses an unsigned or wrongly signed callback, and the session goes on', async () => {
    const token = session([{ code: 'MUKTA_ADMIN', tenantId: 'od.angul' }]);
    await inbox(apiA, token).expect(200);
    expect((await logout(token, 'not-the-host-secret-0123456789abcdefghij').expect(401)).body.error.code).toBe(
      'BAD_SIGNATURE',
    );
    await request(apiA).post('/auth/host/logout').send({ accessToken: token }).expect(401);
    await inbox(apiA, token).expect(200);
  });

  it('ends the session at once in every API process, although their caches still hold it', async () => {
    const token = session([{ code: 'MUKTA_ADMIN', tenantId: 'od.angul' }]);
    await inbox(apiA, token).expect(200);
    await inbox(apiB, token).expect(200);
    await logout(token).expect(204);
    // The host would still answer for the token (its own logout may lag): our revocation decides.
    expect(users.sessions.has(token)).toBe(true);
    const callsBefore = users.calls.length;
    for (const api of [apiA, apiB]) {
      const res = await inbox(api, token).expect(401);
      expect(res.body.error.message).toMatch(/logged out/);
    }
    expect(users.calls.length).toBe(callsBefore);
    // Only the token's fingerprint is kept, never the token.
    const stored = (await env.db('host_token_revocations').select('token_sha256')) as Array<{ token_sha256: Buffer }>;
    const fingerprint = createHash('sha256').update(token).digest();
    expect(stored.filter((r) => r.token_sha256.equals(fingerprint))).toHaveLength(1);
  });

  it('refuses a malformed callback body with 400 and revokes nothing', async () => {
    const body = JSON.stringify({ token: 'x' });
    const ts = String(Math.floor(Date.now() / 1000));
    const res = await request(apiA)
      .post('/auth/host/logout')
      .set('X-Timestamp', ts)
      .set('X-Signature', signBody(LOGOUT_SECRET, ts, body))
      .set('Content-Type', 'application/json')
      .send(body)
      .expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('is in the OpenAPI document', async () => {
    const doc = await request(apiA).get('/openapi.json').expect(200);
    expect(Object.keys(doc.body.paths as object)).toContain('/auth/host/logout');
  });
});
