import type { Client } from '@temporalio/client';
import express, { type Express } from 'express';
import type { Logger } from '../config/logger';
import type { HealthCheck } from './health-checks';
import { createErrorHandler, notFoundHandler } from './errors';
import { createHealthRouter } from './routes/health';
import { createProbesRouter } from './routes/probes';

export interface ApiDeps {
  temporal: Client;
  log: Logger;
  healthChecks: Record<string, HealthCheck>;
  /** Overrides the contracts' task queue; tests use one per file. */
  taskQueue?: string;
}

/** The express app as a factory: `api/main.ts` listens, tests mount it with supertest. */
export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '256kb' }));
  app.use(createHealthRouter(deps.healthChecks));
  app.use('/api/v1', createProbesRouter(deps));
  app.use(notFoundHandler);
  app.use(createErrorHandler(deps.log));
  return app;
}
