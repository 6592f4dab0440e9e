import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { ApiError } from '../errors';
import { echoPath, findUnsafeText } from '../schemas/text-rule';
import { ROLES, type Role } from './principal';

export interface TokenSettings {
  /** HS256 shared secret, used unless a JWKS URL is configured. */
  secret: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}

export type VerifiedToken = {
  sub: string;
  tenants: string[];
  roles: Role[];
  /** Set when the issuer grants roles per tenant (host sessions): `roles` is then their union. */
  rolesByTenant?: Record<string, Role[]>;
};
export type TokenVerifier = (token: string) => Promise<VerifiedToken>;

export class TokenRejectedError extends Error {
  override readonly name = 'TokenRejectedError';
}

const tenantId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);
const claims = z.object({
  sub: z.string().min(1).max(200),
  tenants: z.array(tenantId).min(1).max(100),
  // The host platform may grant roles this API does not know; they are ignored, not an error.
  roles: z.array(z.string()).max(50),
});

const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'];

/**
 * Verifies a bearer JWT: signature (HS256 with the shared secret, or the host platform's JWKS),
 * `exp` (required), issuer and audience when configured, then the claims this API relies on.
 * The algorithm list is pinned per mode so a token cannot pick its own (no `none`, no HS/RS confusion).
 */
export function createTokenVerifier(settings: TokenSettings): TokenVerifier {
  const key: Uint8Array | JWTVerifyGetKey = settings.jwksUrl
    ? createRemoteJWKSet(new URL(settings.jwksUrl))
    : new TextEncoder().encode(settings.secret);
  const algorithms = settings.jwksUrl ? ASYMMETRIC : ['HS256'];
  return async (token) => {
    let payload: unknown;
    try {
      const verified = await jwtVerify(token, key, {
        algorithms,
        requiredClaims: ['exp', 'sub'],
        ...(settings.issuer ? { issuer: settings.issuer } : {}),
        ...(settings.audience ? { audience: settings.audience } : {}),
      });
      payload = verified.payload;
    } catch (err) {
      if (err instanceof errors.JWTExpired) throw new TokenRejectedError('token has expired');
      if (
        err instanceof errors.JOSEError &&
        !(err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid)
      ) {
        throw new TokenRejectedError('token is not valid');
      }
      // The host platform's key set could not be fetched: our outage, not the caller's bad token.
      if (settings.jwksUrl) throw new ApiError(503, 'AUTH_UNAVAILABLE', 'token keys are unavailable; try again');
      throw err;
    }
    const parsed = claims.safeParse(payload);
    if (!parsed.success) throw new TokenRejectedError('token lacks valid sub, tenants or roles claims');
    // `sub` becomes submittedBy and requestedBy in workflows and the read model: the edge text rule applies.
    const unsafe = findUnsafeText(parsed.data, 1)[0];
    if (unsafe) throw new TokenRejectedError(`token claim ${echoPath(unsafe.path)} ${unsafe.message}`);
    const roles = parsed.data.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r));
    return { sub: parsed.data.sub, tenants: parsed.data.tenants, roles };
  };
}
