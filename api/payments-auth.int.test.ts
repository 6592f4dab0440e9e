import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { signToken } from './auth';
import { TEST_JWT_SECRET } from './testing/harness';
import { env, app, useApiEnv } from './testing/api-env';

useApiEnv('api-payments-auth');

describe('every route refuses bad tokens and roles', () => {
  const routes: Array<{
    method: 'get' | 'post';
    url: string;
    wrongRole: 'EMPLOYEE' | 'AUDITOR' | 'SYSTEM_INTEGRATOR';
  }> = [
    { method: 'post', url: '/api/v1/payments', wrongRole: 'AUDITOR' },
    { method: 'get', url: '/api/v1/payments', wrongRole: 'AUDITOR' },
    { method: 'get', url: '/api/v1/payments/B-1', wrongRole: 'AUDITOR' },
    { method: 'post', url: '/api/v1/payments/B-1/corrections', wrongRole: 'AUDITOR' },
    { method: 'post', url: '/api/v1/payments/B-1/actions/poll-now', wrongRole: 'EMPLOYEE' },
    { method: 'post', url: '/api/v1/payments/B-1/actions/cancel', wrongRole: 'EMPLOYEE' },
    { method: 'get', url: '/api/v1/payments/B-1/audit', wrongRole: 'EMPLOYEE' },
    { method: 'get', url: '/api/v1/payment-instructions', wrongRole: 'AUDITOR' },
    { method: 'get', url: '/api/v1/payment-instructions/PI%2FB-1%2F1', wrongRole: 'AUDITOR' },
    { method: 'get', url: '/api/v1/funds/register', wrongRole: 'SYSTEM_INTEGRATOR' },
    { method: 'get', url: '/api/v1/inbox', wrongRole: 'AUDITOR' },
  ];
  // The two GET routes readable by every role are checked with a role-less token instead.
  const roleless = new Set([
    '/api/v1/payments',
    '/api/v1/payments/B-1',
    '/api/v1/payment-instructions',
    '/api/v1/payment-instructions/PI%2FB-1%2F1',
  ]);

  it.each(routes)('$method $url: 401 without, with a forged or an expired token; 403 for a wrong role', async (r) => {
    const tenant = env.tenant.tenantId;
    const forged = await signToken('forged-secret-0123456789abcdefghijkl', {
      sub: 'x',
      tenants: [tenant],
      roles: ['TREASURY_OPS'],
    });
    const expired = await signToken(TEST_JWT_SECRET, {
      sub: 'x',
      tenants: [tenant],
      roles: ['TREASURY_OPS'],
      ttlSeconds: -5,
    });
    for (const auth of [undefined, `Bearer ${forged}`, `Bearer ${expired}`, 'Bearer not.a.jwt']) {
      const req = request(app)[r.method](r.url);
      const res = await (auth ? req.set('Authorization', auth) : req);
      expect([res.status, res.body.error?.code]).toEqual([401, 'UNAUTHENTICATED']);
    }
    const wrong = roleless.has(r.url)
      ? await signToken(TEST_JWT_SECRET, { sub: 'x', tenants: [tenant], roles: [] })
      : await signToken(TEST_JWT_SECRET, { sub: 'x', tenants: [tenant], roles: [r.wrongRole] });
    const res = await request(app)[r.method](r.url).set('Authorization', `Bearer ${wrong}`);
    expect([res.status, res.body.error?.code]).toEqual([403, 'FORBIDDEN']);
  });
});
