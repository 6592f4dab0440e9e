import { describe, expect, it } from 'vitest';
import { loadConfig } from '.';

const host = { AUTH_MODE: 'host', HOST_USER_DETAILS_URL: 'http://egov-user:8080/user/_details' };

describe('host-platform login settings', () => {
  it('default to DIGIT egov-user’s request shape and same-named roles', () => {
    expect(loadConfig({ NODE_ENV: 'test', ...host }).api.hostSession).toMatchObject({
      userDetailsUrl: host.HOST_USER_DETAILS_URL,
      mapping: { tokenQueryParam: 'access_token', tokenBodyPath: 'RequestInfo.authToken', userPath: 'UserRequest' },
      sessionTimeoutMs: 1_800_000,
    });
    expect(loadConfig({ NODE_ENV: 'test' }).api.hostSession).toBeUndefined();
  });

  it('refuse host mode without a user service, unknown roles in the map, and the dev logout secret in production', () => {
    expect(() => loadConfig({ AUTH_MODE: 'host' })).toThrow(/HOST_USER_DETAILS_URL/);
    expect(() => loadConfig({ ...host, HOST_ROLE_MAP: '{"MUKTA_ADMIN":"ROOT"}' })).toThrow(/HOST_ROLE_MAP/);
    expect(() => loadConfig({ ...host, HOST_ROLE_MAP: 'not json' })).toThrow(/HOST_ROLE_MAP/);
    expect(
      loadConfig({ ...host, HOST_ROLE_MAP: '{"MUKTA_ADMIN":"TREASURY_OPS"}' }).api.hostSession?.mapping.roleMap,
    ).toEqual({ MUKTA_ADMIN: 'TREASURY_OPS' });
    const production = {
      NODE_ENV: 'production',
      AUDIT_LOG_KEY: Buffer.alloc(32, 1).toString('base64'),
      TREASURY_SESSION_KEY: Buffer.alloc(32, 2).toString('base64'),
      JWT_SECRET: 'a-real-jwt-secret-0123456789abcdefghijkl',
      WEBHOOK_INBOUND_SECRET: 'a-real-webhook-secret-0123456789abcdefgh',
      TREASURY_CLIENT_SECRET: 'real',
      PAYLOAD_KEY: Buffer.alloc(32, 3).toString('base64'),
      PII_KEY: Buffer.alloc(32, 4).toString('base64'),
      PII_INDEX_KEY: Buffer.alloc(32, 5).toString('base64'),
      CODEC_ALLOW_LOOPBACK_WITHOUT_TOKEN: 'false',
    };
    expect(() => loadConfig({ ...production, ...host })).toThrow(/HOST_LOGOUT_SECRET/);
    expect(() => loadConfig(production)).not.toThrow();
  });
});
