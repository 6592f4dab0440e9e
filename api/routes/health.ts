import { Router } from 'express';
import type { HealthCheck } from '../health-checks';

/** `GET /health`: 200 when every dependency answers, 503 otherwise, with each one's state either way. */
export function createHealthRouter(checks: Record<string, HealthCheck>): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const names = Object.keys(checks);
    const states = await Promise.all(names.map((name) => checks[name]!()));
    const dependencies = Object.fromEntries(names.map((name, i) => [name, states[i]]));
    const healthy = states.every((s) => s.status === 'up');
    res.status(healthy ? 200 : 503).json({ status: healthy ? 'ok' : 'degraded', dependencies });
  });
  return router;
}
