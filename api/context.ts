import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { Registry } from 'prom-client';
import type { AppConfig } from '../config';
import type { Logger } from '../config/logger';
import type { LifecyclePolicy } from '../contracts';
import type { PayloadKeys } from '../security/data-converter';
import type { FieldCipher, PiiKeys } from '../security/field-cipher';
import type { EncryptionCodec } from '../security/payload-codec';
import type { AuditCipher } from '../security/audit-cipher';
import type { AuthSettings } from './auth';
import type { HealthCheck } from './health-checks';
import type { ApiMetrics } from './http/metrics';
import type { MetricsAccess } from './routes/observability';
import { definedOnly } from '../lib/defined-only';

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
  /** Who may scrape /metrics; unset: anyone (tests). */
  metrics?: MetricsAccess;
  /** The payload key ring (codec server) and the PII column key ring (read model). */
  payloads: PayloadKeys;
  pii: PiiKeys;
  codec: { namespace: string; corsOrigins: string[]; loopbackWithoutToken: boolean };
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
    metrics: {
      ...(config.api.metricsToken ? { token: config.api.metricsToken } : {}),
      anonymous: config.env !== 'production',
    },
    payloads: config.payloads,
    pii: config.pii,
    codec: { namespace: config.temporal.namespace, ...config.codec },
    publicUrls: { api: config.api.publicUrl, temporalUi: config.temporal.uiUrl, namespace: config.temporal.namespace },
  };
}

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
  payloadCodec: EncryptionCodec;
  pii: FieldCipher;
  taskQueue?: string;
  publicUrls?: PublicUrls;
}
