import express, { type ErrorRequestHandler, type Express, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { createAdminRouter } from './admin';
import type { AdjustableClock } from './clock';
import type { FaultInjector } from './faults';
import type { SessionStore } from './sessions';
import type { TreasuryState } from './state/treasury-state';
import { createTreasuryRouter } from './treasury-routes';

export interface SimulatorAppDeps {
  state: TreasuryState;
  sessions: SessionStore;
  faults: FaultInjector;
  clock: AdjustableClock;
  privateKeyPem: string;
  publicKeyPem: string;
  clientId: string;
  clientSecret: string;
  bodyLimit: string;
  log: Logger;
  hold(req: Request, res: Response, ms: number): void;
}

/** The simulator's HTTP surface: health, the two JIT-FS endpoints, and `/admin`. */
export function createSimulatorApp(deps: SimulatorAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.get('/', (_req, res) => {
    res.json({ service: 'jit-fs-simulator', status: 'ok' });
  });
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(createTreasuryRouter(deps));
  app.use('/admin', createAdminRouter(deps));
  app.use((req, res) => {
    res.status(404).json({ error: `no route for ${req.method} ${req.path}` });
  });
  app.use(errorHandler(deps.log));
  return app;
}

function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    const bodyError = err as { type?: string };
    if (bodyError.type === 'entity.parse.failed') {
      res.status(400).json({ error: 'request body is not valid JSON' });
      return;
    }
    if (bodyError.type === 'entity.too.large') {
      res.status(413).json({ error: 'request body is too large' });
      return;
    }
    log.error({ err }, 'simulator error');
    res.status(500).json({ error: 'internal error' });
  };
}
