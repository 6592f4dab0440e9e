import type { Env } from './env-schema';

/**
 * The development defaults of every secret: fixed, public values, so a laptop needs no setup. Production
 * refuses to start while any is still in use.
 */
export const DEV_AUDIT_KEY = Buffer.alloc(32, 7).toString('base64');
export const DEV_SESSION_KEY = Buffer.alloc(32, 9).toString('base64');
export const DEV_JWT_SECRET = 'dev-only-jwt-secret-change-me-0123456789';
export const DEV_WEBHOOK_SECRET = 'dev-only-webhook-secret-change-me-0123456';
export const DEV_PAYLOAD_KEY = Buffer.alloc(32, 11).toString('base64');
export const DEV_PII_KEY = Buffer.alloc(32, 13).toString('base64');
export const DEV_PII_INDEX_KEY = Buffer.alloc(32, 17).toString('base64');
export const DEV_HOST_LOGOUT_SECRET = 'dev-only-host-logout-secret-change-me-01';

export function assertNoDevSecrets(e: Env): void {
  const devDefaults: Array<[keyof Env, string]> = [
    ['AUDIT_LOG_KEY', DEV_AUDIT_KEY],
    ['TREASURY_SESSION_KEY', DEV_SESSION_KEY],
    ['JWT_SECRET', DEV_JWT_SECRET],
    ['WEBHOOK_INBOUND_SECRET', DEV_WEBHOOK_SECRET],
    ['TREASURY_CLIENT_SECRET', 'dev-client-secret'],
    ['PAYLOAD_KEY', DEV_PAYLOAD_KEY],
    ['PII_KEY', DEV_PII_KEY],
    ['PII_INDEX_KEY', DEV_PII_INDEX_KEY],
    ...(e.AUTH_MODE === 'host' ? [['HOST_LOGOUT_SECRET', DEV_HOST_LOGOUT_SECRET] as [keyof Env, string]] : []),
  ];
  const left = devDefaults.filter(([k, v]) => e[k] === v).map(([k]) => k);
  if (left.length > 0) throw new Error(`invalid configuration: production needs real values for ${left.join(', ')}`);
}
