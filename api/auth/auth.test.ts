import express from 'express';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createServer } from 'node:http';
import pino from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createErrorHandler } from '../errors';
import { perClientRateLimit } from '../http/rate-limit';
import { createTokenVerifier, identify, principalOf, requireRoles, signToken } from '.';

const SECRET = 'unit-test-secret-0123456789abcdefghij';

function app(rateLimit = 1_000) {
  const a = express();
  a.use(identify(createTokenVerifier({ secret: SECRET })), perClientRateLimit(rateLimit));
  a.get('/ops', requireRoles('TREASURY_OPS'), (req, res) => {
    res.json(principalOf(req));
  });
  a.use(createErrorHandler(pino({ level: 'silent' })));
  return a;
}

const token = (over: Partial<Parameters<typeof signToken>[1]> = {}, secret = SECRET) =>
  signToken(secret, { sub: 'alice', tenants: ['od.angul'], roles: ['TREASURY_OPS'], ...over });

function expectError(res: request.Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(Object.keys(res.body as object)).toEqual(['error']);
  expect(Object.keys(res.body.error as object).sort()).toEqual(['code', 'details', 'message']);
  expect(res.body.error.code).toBe(code);
}

describe('bearer tokens', () => {
  it('admits a valid token and settles its only tenant', async () => {
    const res = await request(app())
      .get('/ops')
      .set('Authorization', `Bearer ${await token()}`)
      .expect(200);
    expect(res.body).toEqual({ sub: 'alice', tenants: ['od.angul'], roles: ['TREASURY_OPS'], tenantId: 'od.angul' });
  });

  it('refuses a missing, malformed, forged or expired token with 401', async () => {
    expectError(await request(app()).get('/ops'), 401, 'UNAUTHENTICATED');
    expectError(await request(app()).get('/ops').set('Authorization', 'Basic abc'), 401, 'UNAUTHENTICATED');
    const forged = await token({}, 'another-secret-0123456789abcdefghijklmn');
    expectError(await request(app()).get('/ops').set('Authorization', `Bearer ${forged}`), 401, 'UNAUTHENTICATED');
    const expired = await token({ ttlSeconds: -60 });
    const res = await request(app()).get('/ops').set('Authorization', `Bearer ${expired}`);
    expectError(res, 401, 'UNAUTHENTICATED');
    expect(res.body.error.message).toMatch(/expired/);
  });

  it('refuses an unsigned (alg none) token and one without exp', async () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const unsigned = `${b64({ alg: 'none' })}.${b64({ sub: 'x', tenants: ['od.angul'], roles: ['TREASURY_OPS'], exp: 9e9 })}.`;
    expectError(await request(app()).get('/ops').set('Authorization', `Bearer ${unsigned}`), 401, 'UNAUTHENTICATED');
    const noExp = await new SignJWT({ tenants: ['od.angul'], roles: ['TREASURY_OPS'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .sign(new TextEncoder().encode(SECRET));
    expectError(await request(app()).get('/ops').set('Authorization', `Bearer ${noExp}`), 401, 'UNAUTHENTICATED');
  });

  it('refuses a token without tenants', async () => {
    const t = await token({ tenants: [] });
    expectError(await request(app()).get('/ops').set('Authorization', `Bearer ${t}`), 401, 'UNAUTHENTICATED');
  });

  it('answers 403 for a role the route does not allow, ignoring roles it does not know', async () => {
    const t = await signToken(SECRET, {
      sub: 'bob',
      tenants: ['od.angul'],
      roles: ['EMPLOYEE', 'SUPERUSER' as 'EMPLOYEE'],
    });
    expectError(await request(app()).get('/ops').set('Authorization', `Bearer ${t}`), 403, 'FORBIDDEN');
  });

  it('takes the tenant from X-Tenant-Id, which must be one of the token tenants', async () => {
    const t = `Bearer ${await token({ tenants: ['od.angul', 'od.puri'] })}`;
    expectError(await request(app()).get('/ops').set('Authorization', t), 400, 'TENANT_REQUIRED');
    const ok = await request(app()).get('/ops').set('Authorization', t).set('X-Tenant-Id', 'od.puri').expect(200);
    expect(ok.body.tenantId).toBe('od.puri');
    expectError(
      await request(app()).get('/ops').set('Authorization', t).set('X-Tenant-Id', 'od.cuttack'),
      403,
      'TENANT_FORBIDDEN',
    );
  });
});

describe('rate limiting', () => {
  it('answers 429 in the error shape once a client exceeds its budget, per token subject', async () => {
    const a = app(2);
    const alice = `Bearer ${await token()}`;
    await request(a).get('/ops').set('Authorization', alice).expect(200);
    await request(a).get('/ops').set('Authorization', alice).expect(200);
    expectError(await request(a).get('/ops').set('Authorization', alice), 429, 'RATE_LIMITED');
    // Another subject has a budget of its own.
    await request(a)
      .get('/ops')
      .set('Authorization', `Bearer ${await token({ sub: 'carol' })}`)
      .expect(200);
  });
});

describe('tokens verified against the host platform’s JWKS', () => {
  it('accepts RS256 tokens signed by a published key, refuses HS256 ones, and answers 503 when keys are unreachable', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const verify = createTokenVerifier({
        secret: SECRET,
        jwksUrl: `http://127.0.0.1:${port}/jwks.json`,
        issuer: 'auth.digit',
      });
      const rs = await new SignJWT({ tenants: ['od.angul'], roles: ['AUDITOR'] })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setSubject('auditor')
        .setIssuer('auth.digit')
        .setExpirationTime('5m')
        .sign(privateKey);
      await expect(verify(rs)).resolves.toEqual({ sub: 'auditor', tenants: ['od.angul'], roles: ['AUDITOR'] });
      const hs = await token({ issuer: 'auth.digit' });
      await expect(verify(hs)).rejects.toThrow(/not valid/);
      const unreachable = createTokenVerifier({ secret: SECRET, jwksUrl: 'http://127.0.0.1:9/jwks.json' });
      await expect(unreachable(rs)).rejects.toMatchObject({ status: 503, code: 'AUTH_UNAVAILABLE' });
    } finally {
      server.close();
    }
  });
});
