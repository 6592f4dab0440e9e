import { z } from 'zod';
import { ROLES } from '../api/auth/principal';
import {
  DEV_AUDIT_KEY,
  DEV_HOST_LOGOUT_SECRET,
  DEV_JWT_SECRET,
  DEV_PAYLOAD_KEY,
  DEV_PII_INDEX_KEY,
  DEV_PII_KEY,
  DEV_SESSION_KEY,
  DEV_WEBHOOK_SECRET,
} from './dev-secrets';
import {
  base64Key32,
  dottedPath,
  jsonText,
  keyId,
  oldKeys,
  port,
  positiveMs,
  SERVER_PORT_BASE_MAX,
  sqlName,
} from './env-fields';
import { calendarStagePlanSchema } from '../calendar/poll-plan';
import { compressedClockSchema } from '../lib/model-clock';
import { lifecyclePolicy } from './lifecycle-policy';

/** Every environment variable the platform reads, with its default and its check. */
const parseJson = (v: string): unknown => {
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
};

/** An optional variable holding JSON that `schema` parses; unset or empty is undefined. */
const optionalJson = <T extends z.ZodType>(schema: T, message: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx): z.output<T> | undefined => {
      if (!v) return undefined;
      const parsed = schema.safeParse(parseJson(v));
      if (parsed.success) return parsed.data;
      ctx.addIssue({ code: 'custom', message: `${message}: ${parsed.error.message}` });
      return z.NEVER;
    });

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  DATA_DIR: z.string().default('.data'),

  DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/ifms'),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),

  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('ifms'),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Where people open the Web UI (links in the inbox); default the dev server's UI on TEMPORAL_UI_PORT. */
  TEMPORAL_UI_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** The Temporal server local runs start: the CLI's dev server (SQLite) or the real one on PostgreSQL. */
  TEMPORAL_ENGINE: z.enum(['dev', 'postgres']).default('dev'),
  /** postgres engine: all services in one process, or frontend/history/matching/worker as four (a cluster's shape). */
  TEMPORAL_TOPOLOGY: z.enum(['single', 'split']).default('single'),
  TEMPORAL_HISTORY_SHARDS: z.coerce.number().int().min(1).max(16_384).default(4),
  /** PostgreSQL server holding the Temporal databases (any database path is ignored). */
  TEMPORAL_POSTGRES_URL: z.url().default('postgres://postgres@127.0.0.1:5432/postgres'),
  TEMPORAL_DB: sqlName.default('temporal'),
  TEMPORAL_VISIBILITY_DB: sqlName.default('temporal_visibility'),
  /** The PostgreSQL engine's SQL pools, per service (see scripts/lib/temporal-engine/server-config.ts). */
  TEMPORAL_SQL_MAX_CONNS: z.coerce.number().int().min(1).max(100).default(8),
  /** Default: TEMPORAL_SQL_MAX_CONNS, so a busy server never closes and reopens connections. */
  TEMPORAL_SQL_MAX_IDLE_CONNS: z.coerce.number().int().min(0).max(100).optional(),
  TEMPORAL_VISIBILITY_SQL_MAX_CONNS: z.coerce.number().int().min(1).max(100).default(3),
  /** Default: TEMPORAL_VISIBILITY_SQL_MAX_CONNS. */
  TEMPORAL_VISIBILITY_SQL_MAX_IDLE_CONNS: z.coerce.number().int().min(0).max(100).optional(),
  /** First of the server's internal ports (membership, services' gRPC, HTTP, metrics); see scripts/lib/temporal-engine/ports.ts. */
  TEMPORAL_SERVER_PORT_BASE: z.coerce.number().int().min(1024).max(SERVER_PORT_BASE_MAX).default(7234),

  API_HOST: z.string().default('127.0.0.1'),
  API_PORT: port.default(3000),
  /** Where people reach the API (links in the workflows' Details panel); default http://API_HOST:API_PORT. */
  API_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  JWT_SECRET: z.string().min(32).default(DEV_JWT_SECRET),
  // With a JWKS URL, tokens are verified against the host platform's published keys instead of JWT_SECRET.
  JWT_JWKS_URL: z.url().optional(),
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
  // AUTH_MODE=host: bearer tokens are the host platform's opaque sessions, checked with its user service
  // (DIGIT egov-user by default; README "Host-platform login"). `jwt` keeps JWT_SECRET / JWT_JWKS_URL.
  AUTH_MODE: z.enum(['jwt', 'host']).default('jwt'),
  HOST_USER_DETAILS_URL: z.url({ protocol: /^https?$/ }).optional(),
  HOST_TOKEN_QUERY_PARAM: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{0,64}$/)
    .default('access_token'),
  HOST_TOKEN_BODY_PATH: dottedPath.default('RequestInfo.authToken'),
  HOST_USER_PATH: dottedPath.default('UserRequest'),
  HOST_SUBJECT_FIELD: dottedPath.min(1).default('uuid'),
  /** JSON: host role code → EMPLOYEE | TREASURY_OPS | AUDITOR | SYSTEM_INTEGRATOR (default: same-named codes). */
  HOST_ROLE_MAP: jsonText('must be a JSON object of host role code → role')
    .pipe(z.record(z.string().min(1), z.enum(ROLES)))
    .optional(),
  HOST_SESSION_TIMEOUT_MS: positiveMs.default(30 * 60_000),
  HOST_USER_TIMEOUT_MS: positiveMs.default(5_000),
  HOST_LOGOUT_SECRET: z.string().min(32).default(DEV_HOST_LOGOUT_SECRET),
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(300),
  /** Bearer token Prometheus presents to scrape the API's /metrics; unset in production, /metrics is not served. */
  API_METRICS_TOKEN: z.string().min(32).optional(),
  WEBHOOK_INBOUND_SECRET: z.string().min(32).default(DEV_WEBHOOK_SECRET),
  /** JSON list of outbound subscribers: `[{"url":"https://…","secret":"…"}]` (secret ≥ 32 characters). */
  WEBHOOK_SUBSCRIBERS: jsonText('must be a JSON list of {url, secret}')
    .pipe(z.array(z.strictObject({ url: z.url({ protocol: /^https?$/ }), secret: z.string().min(32) })))
    .default([]),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  WEBHOOK_DELIVERY_EVERY_MS: positiveMs.default(60_000),

  TREASURY_BASE_URL: z.url().default('http://127.0.0.1:4000'),
  TREASURY_CLIENT_ID: z.string().min(1).default('ifms-orchestrator-dev'),
  TREASURY_CLIENT_SECRET: z.string().min(1).default('dev-client-secret'),
  TREASURY_PUBLIC_KEY_FILE: z.string().default('.data/simulator/treasury-public.pem'),
  TREASURY_TIMEOUT_MS: positiveMs.default(10_000),
  TREASURY_SESSION_TTL_MS: positiveMs.default(30 * 60_000),
  TREASURY_BREAKER_FAILURES: z.coerce.number().int().min(1).default(5),
  TREASURY_BREAKER_RESET_MS: positiveMs.default(60_000),
  TREASURY_EXT_APP_NAME: z.string().default('MUKTA'),
  // Renew the session this long before TREASURY_SESSION_TTL_MS runs out (capped at a quarter of the TTL).
  TREASURY_SESSION_REFRESH_MARGIN_MS: positiveMs.default(60_000),
  // Seals the fleet-shared session (auth token + SEK) in PostgreSQL; separate from the audit key so
  // auditors who can read logs cannot impersonate the platform. Rotating it just forces a handshake.
  TREASURY_SESSION_KEY: base64Key32.default(DEV_SESSION_KEY),
  TREASURY_SESSION_KEY_ID: keyId.default('dev-session-1'),

  AUDIT_LOG_KEY: base64Key32.default(DEV_AUDIT_KEY),
  AUDIT_LOG_KEY_ID: keyId.default('dev-1'),
  // Retired audit keys, still needed to read old rows: `id:base64,id:base64`.
  AUDIT_LOG_OLD_KEYS: oldKeys.default([]),

  // Temporal payloads (history, memos, failures) are encrypted under this key ring; retired keys decrypt.
  PAYLOAD_KEY: base64Key32.default(DEV_PAYLOAD_KEY),
  PAYLOAD_KEY_ID: keyId.default('dev-payload-1'),
  PAYLOAD_OLD_KEYS: oldKeys.default([]),
  // Beneficiary name, account, IFSC, mobile and address columns; the index key makes equality lookups.
  PII_KEY: base64Key32.default(DEV_PII_KEY),
  PII_KEY_ID: keyId.default('dev-pii-1'),
  PII_OLD_KEYS: oldKeys.default([]),
  PII_INDEX_KEY: base64Key32.default(DEV_PII_INDEX_KEY),
  /** Web UI origins allowed to call the codec server (comma-separated); default: the local UI's port. */
  CODEC_CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url())),
  /** Development only: the local Web UI, which sends no token, may decode from loopback. */
  CODEC_ALLOW_LOOPBACK_WITHOUT_TOKEN: z.stringbool().optional(),

  /** Overrides the task queue a worker polls (tests and isolated deployments); default from contracts. */
  WORKER_TASK_QUEUE: z.string().min(1).optional(),
  WORKER_CREATE_SCHEDULES: z.stringbool().default(true),
  /** A workflow bundle prebuilt by `npm run build` (production); unset, the worker bundles at start. */
  WORKER_WORKFLOW_BUNDLE: z.string().min(1).optional(),
  /** Worker tuning (README "Performance" explains the defaults; unset = the SDK's own). */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).optional(),
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).optional(),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(1).optional(),
  /** Prometheus endpoint of a worker (`GET /metrics`); 0 turns it off. */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  FUNDS_SYNC_EVERY_MS: positiveMs.default(15 * 60_000),
  FAILURE_SWEEP_EVERY_MS: positiveMs.default(60 * 60_000),
  /**
   * JSON calendar plan (calendar/poll-plan.ts) for the FD sweep, e.g. `{"changesAt":["16:00"],
   * "denseIntervalMs":180000,"maximumDenseIntervalMs":180000}`: sweeps after the return batch on
   * working days, besides FAILURE_SWEEP_EVERY_MS.
   */
  FAILURE_SWEEP_PLAN: optionalJson(calendarStagePlanSchema, 'must be a calendar plan (calendar/poll-plan.ts)'),
  FIRST_SWEEP_LOOKBACK_DAYS: z.coerce.number().int().min(1).max(400).default(30),
  /** Reconciliation with the treasury's records: how often, how far back, page size, treasury calls per second. */
  RECONCILIATION_EVERY_MS: positiveMs.default(24 * 60 * 60_000),
  RECONCILIATION_LOOKBACK_DAYS: z.coerce.number().int().min(0).max(400).default(7),
  RECONCILIATION_PAGE_SIZE: z.coerce.number().int().min(1).max(1_000).default(50),
  RECONCILIATION_CALLS_PER_SECOND: z.coerce.number().positive().max(100).default(2),
  /** The treasury's working calendar (JSON, calendar/working-hours.ts) behind calendar-paced polls; default the committed Odisha 2026 file. */
  TREASURY_CALENDAR_FILE: z.string().min(1).optional(),
  /**
   * Benchmarks only: the worker's poll plans read a compressed clock, JSON
   * `{"modelOriginMs","realOriginMs","scale"}` (lib/model-clock.ts). Refused in production.
   */
  MODEL_CLOCK: optionalJson(compressedClockSchema, 'must be JSON {"modelOriginMs","realOriginMs","scale"}'),
  /** JSON overriding parts of the payment lifecycle policy (poll intervals, deadlines, returns window…). */
  LIFECYCLE_POLICY: z
    .string()
    .optional()
    .refine((v) => {
      try {
        lifecyclePolicy(v);
        return true;
      } catch {
        return false;
      }
    }, 'must be JSON matching config/lifecycle-policy.ts'),

  SIMULATOR_HOST: z.string().default('127.0.0.1'),
  SIMULATOR_PORT: port.default(4000),
  SIMULATOR_SESSION_TTL_MS: positiveMs.default(30 * 60_000),
});

export type Env = z.infer<typeof envSchema>;
