import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../../config/logger';
import { identityOf } from '../auth/principal';
import { routeLabel } from './route-label';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * One structured line per request: method, route pattern, status, duration, request id, caller.
 * Deliberately no URL, query, headers or body: they carry bill and account numbers and tokens.
 */
export function requestLog(log: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const given = req.get('x-request-id');
    const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', requestId);
    res.once('finish', () => {
      const identity = identityOf(req);
      const line = {
        requestId,
        method: req.method,
        route: routeLabel(req),
        status: res.statusCode,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        ...(identity?.ok ? { sub: identity.sub } : {}),
      };
      if (res.statusCode >= 500) log.error(line, 'request failed');
      else log.info(line, 'request');
    });
    next();
  };
}
