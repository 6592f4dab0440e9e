import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import pino, { type Logger } from 'pino';
import type { Express } from 'express';
import { loadConfig } from '../../config';
import type { LifecyclePolicy } from '../../contracts';
import { createApp } from '../app';
import { signToken, type AuthSettings, type Role } from '../auth';
import type { ApiSettings, PublicUrls } from '../context';
import type { IntegrationEnv } from '../../test/integration-env';
import { FAST_POLICY, type LifecycleEnv } from '../../test/lifecycle-env';

export const TEST_JWT_SECRET = 'test-only-jwt-secret-0123456789abcdef';
export const TEST_WEBHOOK_SECRET = 'test-only-webhook-secret-0123456789abcdef';

export interface TestApiOptions {
  temporal: Client;
  db: Knex;
  taskQueue: string;
  lifecycle: LifecyclePolicy;
  /** The audit key ring the gateway wrote with (lifecycle env: its treasuryEnv). */
  auditEnv?: Record<string, string>;
  rateLimitPerMinute?: number;
  codec?: Partial<ApiSettings['codec']>;
  /** Another payload key ring for the codec server (key rotation tests). */
  payloads?: ApiSettings['payloads'];
  /** Where the app logs (silent by default). */
  log?: Logger;
  /** Defaults to HS256 tokens signed with TEST_JWT_SECRET. */
  auth?: AuthSettings;
  publicUrls?: PublicUrls;
}

/** The real app, wired to a test's Temporal client, database and worker task queue. */
export function testApp(o: TestApiOptions): Express {
  const config = loadConfig({ NODE_ENV: 'test', ...o.auditEnv });
  const settings: ApiSettings = {
    auth: o.auth ?? { secret: TEST_JWT_SECRET },
    rateLimitPerMinute: o.rateLimitPerMinute ?? 10_000,
    webhooks: { inboundSecret: TEST_WEBHOOK_SECRET, toleranceSeconds: 300 },
    audit: config.audit,
    lifecycle: o.lifecycle,
    ...testKeySettings(o.temporal.options.namespace, o.codec),
    ...(o.payloads ? { payloads: o.payloads } : {}),
    ...(o.publicUrls ? { publicUrls: o.publicUrls } : {}),
  };
  return createApp({
    temporal: o.temporal,
    db: o.db,
    log: o.log ?? pino({ level: 'silent' }),
    settings,
    taskQueue: o.taskQueue,
    healthChecks: {},
  });
}

/** The payload and PII key rings a NODE_ENV=test platform uses (the integration workers' too), and the codec settings. */
export function testKeySettings(
  namespace: string,
  codec: Partial<ApiSettings['codec']> = {},
): Pick<ApiSettings, 'payloads' | 'pii' | 'codec'> {
  const config = loadConfig({ NODE_ENV: 'test' });
  return { payloads: config.payloads, pii: config.pii, codec: { namespace, ...config.codec, ...codec } };
}

/** The app over a whole test platform (test/lifecycle-env.ts): its client, database, queue and key ring. */
export function appForLifecycleEnv(env: Pick<LifecycleEnv, 'client' | 'db' | 'taskQueue' | 'treasuryEnv'>): Express {
  return testApp({
    temporal: env.client,
    db: env.db,
    taskQueue: env.taskQueue,
    lifecycle: FAST_POLICY,
    auditEnv: env.treasuryEnv,
  });
}

/**
 * The real app over a bare integration env, on a task queue no worker polls: for what the API does
 * by itself and at the moment a workflow starts, before any workflow task runs.
 */
export function appWithoutWorker(
  env: Pick<IntegrationEnv, 'client' | 'db' | 'uniqueTaskQueue'>,
  label: string,
  extra: Pick<TestApiOptions, 'auth' | 'publicUrls'> = {},
): Express {
  return testApp({
    temporal: env.client,
    db: env.db,
    taskQueue: env.uniqueTaskQueue(label),
    lifecycle: FAST_POLICY,
    ...extra,
  });
}

/** `Authorization` header of a valid token for these roles and tenants. */
export async function bearer(tenants: string | string[], roles: Role | Role[], sub = 'tester'): Promise<string> {
  const token = await signToken(TEST_JWT_SECRET, {
    sub,
    tenants: Array.isArray(tenants) ? tenants : [tenants],
    roles: Array.isArray(roles) ? roles : [roles],
  });
  return `Bearer ${token}`;
}

/** One field of every item of a JSON list from a response body (bodies are untyped). */
export function pluck(list: unknown, key: string): unknown[] {
  return (list as Array<Record<string, unknown>>).map((item) => item[key]);
}
