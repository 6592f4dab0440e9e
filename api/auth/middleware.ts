import type { RequestHandler } from 'express';
import { ApiError } from '../errors';
import { identityOf, setIdentity, setPrincipal, type Role } from './principal';
import { TokenRejectedError, type TokenVerifier } from './verify-token';

// RFC 6750's b64token: a JWT (three dot-separated parts) or a host platform's opaque session token.
const BEARER = /^Bearer ([A-Za-z0-9._~+/-]{1,4096}=*)$/;
const TENANT_HEADER = 'x-tenant-id';

/**
 * Verifies the bearer token if there is one and remembers the outcome, without refusing anything:
 * the rate limiter that runs next keys on the verified subject, and `requireRoles` refuses later.
 */
export function identify(verify: TokenVerifier): RequestHandler {
  return async (req, _res, next) => {
    const header = req.get('authorization');
    const match = header ? BEARER.exec(header) : null;
    if (!header) setIdentity(req, { ok: false, reason: 'a bearer token is required' });
    else if (!match) setIdentity(req, { ok: false, reason: 'authorization must be "Bearer <token>"' });
    else {
      try {
        setIdentity(req, { ok: true, ...(await verify(match[1]!)) });
      } catch (err) {
        if (!(err instanceof TokenRejectedError)) throw err;
        setIdentity(req, { ok: false, reason: err.message });
      }
    }
    next();
  };
}

/**
 * Every route names the roles it allows. Also settles the tenant the request acts for: the
 * `X-Tenant-Id` header, which must be one of the token's tenants, or the token's only tenant.
 */
export function requireRoles(...allowed: Role[]): RequestHandler {
  return (req, _res, next) => {
    const identity = identityOf(req);
    if (!identity?.ok) throw new ApiError(401, 'UNAUTHENTICATED', identity?.reason ?? 'a bearer token is required');
    if (!identity.roles.some((r) => allowed.includes(r))) {
      throw new ApiError(403, 'FORBIDDEN', `this action needs one of the roles ${allowed.join(', ')}`);
    }
    const asked = req.get(TENANT_HEADER);
    let tenantId: string;
    if (asked !== undefined) {
      if (!identity.tenants.includes(asked)) {
        throw new ApiError(403, 'TENANT_FORBIDDEN', 'the token does not grant access to this tenant');
      }
      tenantId = asked;
    } else if (identity.tenants.length === 1) {
      tenantId = identity.tenants[0]!;
    } else {
      throw new ApiError(400, 'TENANT_REQUIRED', 'the token lists several tenants: name one with X-Tenant-Id', {
        tenants: identity.tenants,
      });
    }
    // Roles granted per tenant count only in the tenant this request acts for.
    const roles = identity.rolesByTenant ? (identity.rolesByTenant[tenantId] ?? []) : identity.roles;
    if (!roles.some((r) => allowed.includes(r))) {
      throw new ApiError(403, 'FORBIDDEN', `this action needs one of the roles ${allowed.join(', ')} in ${tenantId}`);
    }
    setPrincipal(req, { sub: identity.sub, tenants: identity.tenants, roles, tenantId });
    next();
  };
}
