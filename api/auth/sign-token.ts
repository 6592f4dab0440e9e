import { SignJWT } from 'jose';
import type { Role } from './principal';

export interface TokenRequest {
  sub: string;
  tenants: string[];
  roles: Role[];
  /** Lifetime in seconds (default one hour); negative makes an already-expired token (tests). */
  ttlSeconds?: number;
  issuer?: string;
  audience?: string;
}

/** An HS256 token as the host platform would issue one: for `npm run dev-token` and tests only. */
export async function signToken(secret: string, t: TokenRequest): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  let jwt = new SignJWT({ tenants: t.tenants, roles: t.roles })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(t.sub)
    .setIssuedAt(now)
    .setExpirationTime(now + (t.ttlSeconds ?? 3600));
  if (t.issuer) jwt = jwt.setIssuer(t.issuer);
  if (t.audience) jwt = jwt.setAudience(t.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
