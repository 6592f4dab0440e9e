import type { Knex } from 'knex';
import { createHostSessionVerifier, type HostSessionSettings, type HostSessionVerifier } from './host-session';
import { pgRevocationStore } from './revocations';
import { createTokenVerifier, type TokenSettings, type TokenVerifier } from './verify-token';

/** `jwt`: signed tokens (HS256 or an OIDC host's JWKS). `host`: opaque sessions of the host platform. */
export type AuthSettings = TokenSettings & { host?: HostSessionSettings };

export interface Authentication {
  verify: TokenVerifier;
  /** Present in host mode: the logout callback ends sessions through it. */
  hostSessions?: HostSessionVerifier;
}

export function createAuthentication(settings: AuthSettings, db: Knex): Authentication {
  if (!settings.host) return { verify: createTokenVerifier(settings) };
  const hostSessions = createHostSessionVerifier(settings.host, pgRevocationStore(db, settings.host.sessionTimeoutMs));
  return { verify: hostSessions.verify, hostSessions };
}
