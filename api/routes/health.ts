import { Router, type RequestHandler } from 'express';
import { identityOf } from '../auth/principal';
import type { HealthCheck } from '../health-checks';

/**
 * `GET /health`: 200 when every dependency answers, 503 otherwise. Each dependency's state (server
 * versions, latencies) only for a caller with a valid token: anonymous load balancers need the status only.
 */
export function createHealthRouter(checks: Record<string, HealthCheck>, identify: RequestHandler): Router {
  const router = Router();
  router.get('/health', identify, async (req, res) => {
    const names = Object.keys(checks);
    const states = await Promise.all(names.map((name) => checks[name]!()));
    const healthy = states.every((s) => s.status === 'up');
    const status = healthy ? 'ok' : 'degraded';
    if (!identityOf(req)?.ok) {
      res.status(healthy ? 200 : 503).json({ status });
      return;
    }
    const dependencies = Object.fromEntries(names.map((name, i) => [name, states[i]]));
    res.status(healthy ? 200 : 503).json({ status, dependencies });
  });
  return router;
}
