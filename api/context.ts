import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { Registry } from 'prom-client';
import type { AppConfig } from '../config';
import type { Logger } from '../config/logger';
import type { LifecyclePolicy } from '../contracts';
import type { AuditCipher } from '../treasury/audit-cipher';
import type { AuthSettings } from './auth';
import type { HealthCheck } from './health-checks';
import type { ApiMetrics } from './http/metrics';

/** Where people reach the API and the Temporal Web UI: links in workflow panels and inbox items. */
export interface PublicUrls {
  api: string;
  temporalUi: string;
  namespace: string;
}

/** The API's settings, a slice of the platform config (tests build one directly). */
export interface ApiSettings {
  auth: AuthSettings;
  rateLimitPerMinute: number;
  webhooks: { inboundSecret: string; toleranceSeconds: number };
  audit: AppConfig['audit'];
  /** The lifecycle policy every new payment runs under. */
  lifecycle: LifecyclePolicy;
  /** Without them, links are relative to the API and inbox items carry no Web UI link. */
  publicUrls?: PublicUrls;
}

export function apiSettings(config: AppConfig): ApiSettings {
  return {
    auth: {
      secret: config.api.jwtSecret,
      ...definedOnly(config.api.jwt),
      ...(config.api.hostSession ? { host: config.api.hostSession } : {}),
    },
    rateLimitPerMinute: config.api.rateLimitPerMinute,
    webhooks: {
      inboundSecret: config.api.webhooks.inboundSecret,
      toleranceSeconds: config.api.webhooks.toleranceSeconds,
    },
    audit: config.audit,
    lifecycle: config.lifecycle,
    publicUrls: { api: config.api.publicUrl, temporalUi: config.temporal.uiUrl, namespace: config.temporal.namespace },
  };
}

const definedOnly = <T extends Record<string, unknown>>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** What `createApp` is given: connections and settings built by `api/main.ts` (or a test). */
export interface ApiDeps {
  temporal: Client;
  db: Knex;
  log: Logger;
  healthChecks: Record<string, HealthCheck>;
  settings: ApiSettings;
  /** Overrides the contracts' task queue; tests use one per file. */
  taskQueue?: string;
  /** The registry /metrics serves; a fresh one per app when omitted. */
  registry?: Registry;
}

/** What the routers share: the deps plus what `createApp` builds from them once. */
export interface AppContext {
  temporal: Client;
  db: Knex;
  log: Logger;
  settings: ApiSettings;
  lifecycle: LifecyclePolicy;
  metrics: ApiMetrics;
  auditCipher: AuditCipher;
  taskQueue?: string;
  publicUrls?: PublicUrls;
}
