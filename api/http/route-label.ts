import type { Request, RequestHandler } from 'express';

const mountedAt = new WeakMap<Request, string>();

/**
 * Remembers where the router that is about to match was mounted: express resets `req.baseUrl` once
 * a request leaves a router, so an error answered by the app-level handler would lose the prefix.
 */
export const rememberMount: RequestHandler = (req, _res, next) => {
  mountedAt.set(req, req.baseUrl);
  next();
};

/**
 * The route pattern that served a request (`/api/v1/payments/:billNumber`), never the raw URL: logs
 * and metric labels stay free of bill numbers and bounded in cardinality.
 */
export function routeLabel(req: Request): string {
  const route = req.route as { path?: unknown } | undefined;
  if (route && typeof route.path === 'string') return `${mountedAt.get(req) ?? req.baseUrl}${route.path}`;
  return 'unmatched';
}
