import { timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import { ApiError } from '../errors';
import type { ApiMetrics } from '../http/metrics';
import { openApiDocument } from '../openapi/document';

/** Who may scrape `/metrics`: holders of the token when one is set; otherwise anyone, unless closed (production). */
export interface MetricsAccess {
  token?: string;
  /** Without a token: serve anyone (development, test) or no one (production). */
  anonymous: boolean;
}

const sameSecret = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/** `GET /metrics` (Prometheus text), `GET /openapi.json` and Swagger UI at `/docs`. */
export function createObservabilityRouter(metrics: ApiMetrics, access: MetricsAccess): Router {
  const router = Router();
  const document = openApiDocument();
  router.get('/metrics', async (req, res) => {
    if (access.token !== undefined) {
      const presented = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';
      if (!sameSecret(presented, access.token)) {
        throw new ApiError(401, 'UNAUTHENTICATED', 'metrics need the scrape token (API_METRICS_TOKEN)');
      }
    } else if (!access.anonymous) {
      throw new ApiError(404, 'NOT_FOUND', 'no route for GET /metrics');
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.use('/docs', swaggerUi.serve);
  router.get('/docs', swaggerUi.setup(document, { customSiteTitle: 'ifms-orchestrator API' }));
  return router;
}
