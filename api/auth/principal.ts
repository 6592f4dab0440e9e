import type { Request } from 'express';
import type { VerifiedToken } from './verify-token';

export const ROLES = ['EMPLOYEE', 'TREASURY_OPS', 'AUDITOR', 'SYSTEM_INTEGRATOR'] as const;
export type Role = (typeof ROLES)[number];
/** A host platform whose role codes are this API's own role names needs no role map. */
export const SAME_NAMED_ROLES: Readonly<Record<string, Role>> = Object.fromEntries(ROLES.map((r) => [r, r]));

/** Who is calling, from a verified token. `tenantId` is the one tenant this request acts for. */
export interface Principal {
  sub: string;
  tenants: string[];
  roles: Role[];
  tenantId: string;
}

/** The verified caller of a request, or why there is none (kept per request, never on a global). */
export type Identity = ({ ok: true } & VerifiedToken) | { ok: false; reason: string };

const identities = new WeakMap<Request, Identity>();
const principals = new WeakMap<Request, Principal>();

export const setIdentity = (req: Request, identity: Identity): void => void identities.set(req, identity);
export const identityOf = (req: Request): Identity | undefined => identities.get(req);
export const setPrincipal = (req: Request, principal: Principal): void => void principals.set(req, principal);

/** The authorised caller; only reachable behind `requireRoles`, so a missing one is a wiring bug. */
export function principalOf(req: Request): Principal {
  const principal = principals.get(req);
  if (!principal) throw new Error(`route ${req.method} ${req.path} has no requireRoles guard`);
  return principal;
}
