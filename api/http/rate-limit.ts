import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { identityOf } from '../auth/principal';
import { ApiError } from '../errors';

/**
 * Requests per minute per client: the verified token subject, or the address for anonymous callers
 * (so a forged token cannot pick its own bucket). In memory, per API process: with several replicas
 * the effective limit multiplies, which is acceptable for abuse protection (not for quotas).
 */
export function perClientRateLimit(perMinute: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => {
      const identity = identityOf(req);
      return identity?.ok ? `sub:${identity.sub}` : `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`;
    },
    handler: (_req, _res, next) => {
      next(new ApiError(429, 'RATE_LIMITED', `more than ${perMinute} requests in a minute; slow down`));
    },
  });
}
