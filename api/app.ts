import express, { type Express } from 'express';
import helmet from 'helmet';
import { payloadCodec } from '../security/data-converter';
import { createFieldCipher } from '../security/field-cipher';
import { createAuditCipher } from '../security/audit-cipher';
import { createAuthentication, identify } from './auth';
import type { ApiDeps, AppContext } from './context';
import { createErrorHandler, notFoundHandler } from './errors';
import { maskPersonalData } from './http/mask-personal-data';
import { createApiMetrics, observeHttp } from './http/metrics';
import { perClientRateLimit } from './http/rate-limit';
import { requestLog } from './http/request-log';
import { rememberMount } from './http/route-label';
import { createAuditRouter } from './routes/audit';
import { createCodecRouter } from './routes/codec';
import { createFundsRouter } from './routes/funds';
import { createHealthRouter } from './routes/health';
import { createHostLogoutRouter } from './routes/host-logout';
import { createInboxRouter } from './routes/inbox';
import { createInstructionsRouter } from './routes/instructions';
import { createObservabilityRouter } from './routes/observability';
import { createPaymentActionsRouter } from './routes/payment-actions';
import { createPaymentsRouter } from './routes/payments';
import { createProbesRouter } from './routes/probes';
import { createWebhooksRouter } from './routes/webhooks';

export type { ApiDeps } from './context';

const BODY_LIMIT = '256kb';

/** The express app as a factory: `api/main.ts` listens, tests mount it with supertest. */
export function createApp(deps: ApiDeps): Express {
  const metrics = createApiMetrics(deps.registry);
  const ctx: AppContext = {
    temporal: deps.temporal,
    db: deps.db,
    log: deps.log,
    settings: deps.settings,
    lifecycle: deps.settings.lifecycle,
    metrics,
    auditCipher: createAuditCipher(
      { id: deps.settings.audit.keyId, key: deps.settings.audit.key },
      deps.settings.audit.oldKeys,
    ),
    payloadCodec: payloadCodec(deps.settings.payloads),
    pii: createFieldCipher(deps.settings.pii),
    ...(deps.taskQueue ? { taskQueue: deps.taskQueue } : {}),
    ...(deps.settings.publicUrls ? { publicUrls: deps.settings.publicUrls } : {}),
  };
  const limiter = perClientRateLimit(deps.settings.rateLimitPerMinute);
  const auth = createAuthentication(deps.settings.auth, deps.db);
  const identifyCaller = identify(auth.verify);

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple'); // no nested objects from ?a[b]=c (a repeated key is an array: zod refuses it)
  app.use(requestLog(deps.log), observeHttp(metrics));
  // Swagger UI's page needs its own script and inline styles; everything else keeps helmet's strict default.
  app.use(helmet({ contentSecurityPolicy: { directives: { 'style-src': ["'self'", "'unsafe-inline'"] } } }));
  app.use(createHealthRouter(deps.healthChecks, identifyCaller));
  app.use(createObservabilityRouter(metrics, deps.settings.metrics ?? { anonymous: true }));
  // Before the JSON parser: the HMAC is over the raw bytes.
  app.use('/webhooks', limiter);
  app.use(createWebhooksRouter(ctx, BODY_LIMIT));
  if (auth.hostSessions && deps.settings.auth.host) {
    const signature = {
      secret: deps.settings.auth.host.logoutSecret,
      toleranceSeconds: deps.settings.webhooks.toleranceSeconds,
    };
    app.use('/auth', limiter, createHostLogoutRouter(auth.hostSessions, signature));
  }
  app.use(express.json({ limit: BODY_LIMIT }));
  // The Web UI's codec server: its own CORS, the same token verifier and rate limit as the API.
  app.use('/codec', identifyCaller, limiter);
  app.use(createCodecRouter(ctx));
  const v1 = express.Router();
  v1.use(rememberMount, identifyCaller, limiter, maskPersonalData);
  v1.use(createPaymentsRouter(ctx));
  v1.use(createPaymentActionsRouter(ctx));
  v1.use(createAuditRouter(ctx));
  v1.use(createInstructionsRouter(ctx));
  v1.use(createFundsRouter(ctx));
  v1.use(createInboxRouter(ctx));
  v1.use(createProbesRouter(ctx));
  app.use('/api/v1', v1);
  app.use(notFoundHandler);
  app.use(createErrorHandler(deps.log));
  return app;
}
