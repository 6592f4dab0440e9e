import { ApiError } from '../errors';
import { identityFromHostUser, tokenRequestBody, type HostUserMapping } from './host-user';
import { tokenFingerprint, type RevocationStore } from './revocations';
import { TokenRejectedError, type TokenVerifier, type VerifiedToken } from './verify-token';

export interface HostSessionSettings {
  /** The user service's "who is this token" call, e.g. DIGIT's `http://egov-user:8080/user/_details`. */
  userDetailsUrl: string;
  mapping: HostUserMapping;
  /** How long one answer is trusted (the host's session timeout); a logout ends it earlier. */
  sessionTimeoutMs: number;
  /** Per call to the user service. */
  timeoutMs: number;
  /** HMAC-SHA256 secret the host signs its logout callbacks with. */
  logoutSecret: string;
}

/** Bounds memory when many sessions are active: the oldest answers are forgotten first. */
const MAX_CACHED_SESSIONS = 50_000;

export interface HostSessionVerifier {
  verify: TokenVerifier;
  /** Ends a session: recorded for every API process, and forgotten by this one at once. */
  logout(token: string): Promise<void>;
}

/**
 * Verifies opaque session tokens by asking the host platform's user service, caching each answer for
 * the session timeout, keyed by the token's SHA-256. Every request also checks the shared revocation
 * table, so a logout handled by any API process refuses the token everywhere on its next use.
 */
export function createHostSessionVerifier(
  settings: HostSessionSettings,
  revocations: RevocationStore,
): HostSessionVerifier {
  const cache = new Map<string, { until: number; identity: VerifiedToken }>();

  async function ask(token: string): Promise<VerifiedToken> {
    const url = new URL(settings.userDetailsUrl);
    if (settings.mapping.tokenQueryParam) url.searchParams.set(settings.mapping.tokenQueryParam, token);
    let res: Response;
    let answer: unknown;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(tokenRequestBody(settings.mapping, token)),
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
      answer = res.ok ? await res.json() : undefined;
    } catch {
      throw new ApiError(503, 'AUTH_UNAVAILABLE', 'the host platform’s user service is unavailable; try again');
    }
    // 4xx: the host does not know the token (DIGIT answers 400 or 401 for an expired one).
    if (res.status >= 400 && res.status < 500) throw new TokenRejectedError('session token is not valid');
    if (!res.ok) throw new ApiError(503, 'AUTH_UNAVAILABLE', 'the host platform’s user service failed; try again');
    const identity = identityFromHostUser(answer, settings.mapping);
    if ('refused' in identity) throw new TokenRejectedError(identity.refused);
    return identity;
  }

  return {
    async verify(token) {
      const fingerprint = tokenFingerprint(token);
      const key = fingerprint.toString('base64');
      if (await revocations.isRevoked(fingerprint)) {
        cache.delete(key);
        throw new TokenRejectedError('session has been logged out');
      }
      const hit = cache.get(key);
      if (hit && hit.until > Date.now()) return hit.identity;
      cache.delete(key);
      const identity = await ask(token);
      if (cache.size >= MAX_CACHED_SESSIONS) cache.delete(cache.keys().next().value!);
      cache.set(key, { until: Date.now() + settings.sessionTimeoutMs, identity });
      return identity;
    },
    async logout(token) {
      const fingerprint = tokenFingerprint(token);
      await revocations.revoke(fingerprint);
      cache.delete(fingerprint.toString('base64'));
    },
  };
}
