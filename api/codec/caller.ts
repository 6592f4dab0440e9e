import type { Request } from 'express';
import { identityOf, type Role } from '../auth/principal';
import { ApiError } from '../errors';

/** The roles that may read decoded history: operators in the Web UI, and auditors. */
export const CODEC_ROLES: readonly Role[] = ['TREASURY_OPS', 'AUDITOR'];

/** Who asks the codec server, and whose payloads they may see (`all`: the development loopback UI). */
export interface CodecCaller {
  sub: string;
  tenants: string[] | 'all';
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
export const LOOPBACK_CALLER = 'local-web-ui (loopback, development)';

/**
 * A bearer token verified by the API's verifier, with one of the codec roles. In development the
 * embedded Web UI cannot send a token, so a request without an Authorization header from the
 * loopback interface is let through when the configuration allows it (never in production:
 * config refuses CODEC_ALLOW_LOOPBACK_WITHOUT_TOKEN there). A request that sends a token is always
 * judged by the token.
 */
export function codecCaller(req: Request, loopbackWithoutToken: boolean): CodecCaller {
  if (loopbackWithoutToken && !req.get('authorization') && LOOPBACK.has(req.socket.remoteAddress ?? '')) {
    return { sub: LOOPBACK_CALLER, tenants: 'all' };
  }
  const identity = identityOf(req);
  if (!identity?.ok) throw new ApiError(401, 'UNAUTHENTICATED', identity?.reason ?? 'a bearer token is required');
  if (!identity.roles.some((r) => CODEC_ROLES.includes(r))) {
    throw new ApiError(403, 'FORBIDDEN', `the codec needs one of the roles ${CODEC_ROLES.join(', ')}`);
  }
  return { sub: identity.sub, tenants: identity.tenants };
}
