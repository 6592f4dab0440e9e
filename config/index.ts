import { SAME_NAMED_ROLES } from '../api/auth/principal';
import { assertNoDevSecrets } from './dev-secrets';
import { envSchema, type Env } from './env-schema';
import { lifecyclePolicy } from './lifecycle-policy';
import { sqlPool } from './temporal-sql-pool';

export type { Env } from './env-schema';

/**
 * The whole platform's configuration, parsed once from the environment. Every process (worker, API,
 * simulator, scripts) calls `loadConfig()` at its composition root and passes the parts down; nothing
 * else reads `process.env`. Defaults are safe for a laptop; production must set the secrets (see README).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`invalid configuration:\n${problems}`);
  }
  const e = parsed.data;
  if (e.AUTH_MODE === 'host' && !e.HOST_USER_DETAILS_URL) {
    throw new Error('invalid configuration:\n  HOST_USER_DETAILS_URL: required when AUTH_MODE=host');
  }
  if (e.NODE_ENV === 'production') assertNoDevSecrets(e);
  if (e.NODE_ENV === 'production' && e.MODEL_CLOCK) {
    throw new Error('invalid configuration: MODEL_CLOCK (a benchmark clock) is refused in production');
  }
  const loopbackWithoutToken = e.CODEC_ALLOW_LOOPBACK_WITHOUT_TOKEN ?? e.NODE_ENV !== 'production';
  if (e.NODE_ENV === 'production' && loopbackWithoutToken) {
    throw new Error('invalid configuration: CODEC_ALLOW_LOOPBACK_WITHOUT_TOKEN is refused in production');
  }
  return {
    env: e.NODE_ENV,
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT },
    dataDir: e.DATA_DIR,
    db: { url: e.DATABASE_URL, poolMax: e.DATABASE_POOL_MAX },
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      uiPort: e.TEMPORAL_UI_PORT,
      retentionDays: e.TEMPORAL_RETENTION_DAYS,
      uiUrl: e.TEMPORAL_UI_URL ?? `http://127.0.0.1:${e.TEMPORAL_UI_PORT}`,
      engine: {
        kind: e.TEMPORAL_ENGINE,
        topology: e.TEMPORAL_TOPOLOGY,
        historyShards: e.TEMPORAL_HISTORY_SHARDS,
        sqlPools: {
          persistence: sqlPool(e.TEMPORAL_SQL_MAX_CONNS, e.TEMPORAL_SQL_MAX_IDLE_CONNS, 'TEMPORAL_SQL'),
          visibility: sqlPool(
            e.TEMPORAL_VISIBILITY_SQL_MAX_CONNS,
            e.TEMPORAL_VISIBILITY_SQL_MAX_IDLE_CONNS,
            'TEMPORAL_VISIBILITY_SQL',
          ),
        },
        postgresUrl: e.TEMPORAL_POSTGRES_URL,
        databases: { persistence: e.TEMPORAL_DB, visibility: e.TEMPORAL_VISIBILITY_DB },
        portBase: e.TEMPORAL_SERVER_PORT_BASE,
      },
    },
    api: {
      host: e.API_HOST,
      port: e.API_PORT,
      publicUrl: e.API_PUBLIC_URL ?? `http://${e.API_HOST}:${e.API_PORT}`,
      jwtSecret: e.JWT_SECRET,
      jwt: { jwksUrl: e.JWT_JWKS_URL, issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE },
      hostSession: hostSession(e),
      rateLimitPerMinute: e.API_RATE_LIMIT_PER_MINUTE,
      metricsToken: e.API_METRICS_TOKEN,
      webhooks: {
        inboundSecret: e.WEBHOOK_INBOUND_SECRET,
        toleranceSeconds: e.WEBHOOK_TOLERANCE_SECONDS,
        subscribers: e.WEBHOOK_SUBSCRIBERS,
        maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
        deliveryEveryMs: e.WEBHOOK_DELIVERY_EVERY_MS,
      },
    },
    treasury: {
      baseUrl: e.TREASURY_BASE_URL,
      clientId: e.TREASURY_CLIENT_ID,
      clientSecret: e.TREASURY_CLIENT_SECRET,
      publicKeyFile: e.TREASURY_PUBLIC_KEY_FILE,
      timeoutMs: e.TREASURY_TIMEOUT_MS,
      sessionTtlMs: e.TREASURY_SESSION_TTL_MS,
      breaker: { failureThreshold: e.TREASURY_BREAKER_FAILURES, resetTimeoutMs: e.TREASURY_BREAKER_RESET_MS },
      extAppName: e.TREASURY_EXT_APP_NAME,
      sessionRefreshMarginMs: e.TREASURY_SESSION_REFRESH_MARGIN_MS,
      sessionKey: { id: e.TREASURY_SESSION_KEY_ID, key: Buffer.from(e.TREASURY_SESSION_KEY, 'base64') },
    },
    audit: { key: Buffer.from(e.AUDIT_LOG_KEY, 'base64'), keyId: e.AUDIT_LOG_KEY_ID, oldKeys: e.AUDIT_LOG_OLD_KEYS },
    payloads: { current: key(e.PAYLOAD_KEY_ID, e.PAYLOAD_KEY), old: e.PAYLOAD_OLD_KEYS },
    pii: {
      current: key(e.PII_KEY_ID, e.PII_KEY),
      old: e.PII_OLD_KEYS,
      indexKey: Buffer.from(e.PII_INDEX_KEY, 'base64'),
    },
    codec: {
      corsOrigins:
        e.CODEC_CORS_ORIGINS.length > 0
          ? e.CODEC_CORS_ORIGINS
          : [`http://127.0.0.1:${e.TEMPORAL_UI_PORT}`, `http://localhost:${e.TEMPORAL_UI_PORT}`],
      loopbackWithoutToken,
    },
    lifecycle: lifecyclePolicy(e.LIFECYCLE_POLICY),
    pacing: { calendarFile: e.TREASURY_CALENDAR_FILE, modelClock: e.MODEL_CLOCK },
    worker: {
      taskQueue: e.WORKER_TASK_QUEUE,
      createSchedules: e.WORKER_CREATE_SCHEDULES,
      workflowBundlePath: e.WORKER_WORKFLOW_BUNDLE,
      metricsPort: e.WORKER_METRICS_PORT,
      tuning: {
        maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS,
        maxConcurrentActivityTaskExecutions: e.WORKER_MAX_CONCURRENT_ACTIVITIES,
        maxConcurrentWorkflowTaskExecutions: e.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
      },
    },
    schedules: {
      fundsSyncEveryMs: e.FUNDS_SYNC_EVERY_MS,
      failureSweepEveryMs: e.FAILURE_SWEEP_EVERY_MS,
      failureSweepPlan: e.FAILURE_SWEEP_PLAN,
      firstSweepLookbackDays: e.FIRST_SWEEP_LOOKBACK_DAYS,
      reconciliation: {
        everyMs: e.RECONCILIATION_EVERY_MS,
        lookbackDays: e.RECONCILIATION_LOOKBACK_DAYS,
        pageSize: e.RECONCILIATION_PAGE_SIZE,
        callsPerSecond: e.RECONCILIATION_CALLS_PER_SECOND,
      },
    },
    simulator: { host: e.SIMULATOR_HOST, port: e.SIMULATOR_PORT, sessionTtlMs: e.SIMULATOR_SESSION_TTL_MS },
  };
}

export type AppConfig = ReturnType<typeof loadConfig>;

const key = (id: string, base64: string) => ({ id, key: Buffer.from(base64, 'base64') });

/** Host-platform sessions (AUTH_MODE=host), in the shape `api/auth` verifies them with; unset for JWTs. */
function hostSession(e: Env) {
  if (e.AUTH_MODE !== 'host' || !e.HOST_USER_DETAILS_URL) return undefined;
  return {
    userDetailsUrl: e.HOST_USER_DETAILS_URL,
    mapping: {
      tokenQueryParam: e.HOST_TOKEN_QUERY_PARAM,
      tokenBodyPath: e.HOST_TOKEN_BODY_PATH,
      userPath: e.HOST_USER_PATH,
      subjectField: e.HOST_SUBJECT_FIELD,
      roleMap: e.HOST_ROLE_MAP ?? SAME_NAMED_ROLES,
    },
    sessionTimeoutMs: e.HOST_SESSION_TIMEOUT_MS,
    timeoutMs: e.HOST_USER_TIMEOUT_MS,
    logoutSecret: e.HOST_LOGOUT_SECRET,
  };
}
