import { Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import type { ApiMetrics } from '../http/metrics';
import { openApiDocument } from '../openapi/document';

/** `GET /metrics` (Prometheus text), `GET /openapi.json` and Swagger UI at `/docs`. No token: scrape and read. */
export function createObservabilityRouter(metrics: ApiMetrics): Router {
  const router = Router();
  const document = openApiDocument();
  router.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.use('/docs', swaggerUi.serve);
  router.get('/docs', swaggerUi.setup(document, { customSiteTitle: 'ifms-orchestrator API' }));
  return router;
}
