import { z } from 'zod';
import { SAME_NAMED_ROLES, type Role } from './principal';
import type { VerifiedToken } from './verify-token';

/**
 * How the host platform's user service is asked about a session token, and how its answer maps onto
 * this API's principals. The defaults are DIGIT's egov-user: `POST /user/_details?access_token=<token>`
 * with `{"RequestInfo":{"authToken":<token>}}`, answering `{"UserRequest":{uuid, tenantId, active,
 * roles:[{code, tenantId}]}}` (roles are granted per tenant).
 */
export interface HostUserMapping {
  /** Query parameter that carries the token; empty sends none. */
  tokenQueryParam: string;
  /** Dotted path in the JSON request body that carries the token; empty sends an empty object. */
  tokenBodyPath: string;
  /** Dotted path of the user object in the answer; empty means the answer is the user. */
  userPath: string;
  /** Field of the user that names them (the principal's `sub`). */
  subjectField: string;
  /** Host role code → the role it grants here; codes not listed grant nothing. */
  roleMap: Readonly<Record<string, Role>>;
}

export const DIGIT_USER_MAPPING: HostUserMapping = {
  tokenQueryParam: 'access_token',
  tokenBodyPath: 'RequestInfo.authToken',
  userPath: 'UserRequest',
  subjectField: 'uuid',
  roleMap: SAME_NAMED_ROLES,
};

/** The identity a host user grants, with roles per tenant; a reason when it grants none. */
export type HostIdentity = (VerifiedToken & { rolesByTenant: Record<string, Role[]> }) | { refused: string };

const tenantId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);
const hostUser = z.object({
  active: z.boolean().optional(),
  tenantId: tenantId.optional(),
  roles: z
    .array(z.object({ code: z.string().min(1).max(100), tenantId: tenantId.optional() }))
    .max(500)
    .default([]),
});

export function tokenRequestBody(mapping: HostUserMapping, token: string): Record<string, unknown> {
  if (!mapping.tokenBodyPath) return {};
  const keys = mapping.tokenBodyPath.split('.');
  return keys.reduceRight<unknown>((inner, key) => ({ [key]: inner }), token) as Record<string, unknown>;
}

const at = (value: unknown, path: string): unknown =>
  path
    .split('.')
    .filter(Boolean)
    .reduce<unknown>(
      (v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
      value,
    );

/**
 * Maps the user service's answer to roles per tenant: each host role counts in the tenant it names
 * (the user's own tenant when it names none). A role in one tenant never grants it in another.
 */
export function identityFromHostUser(answer: unknown, mapping: HostUserMapping): HostIdentity {
  const raw = at(answer, mapping.userPath);
  const parsed = hostUser.safeParse(raw);
  if (!parsed.success) return { refused: 'the user service answer has no valid user' };
  const user = parsed.data;
  if (user.active === false) return { refused: 'the user is not active' };
  const subject = at(raw, mapping.subjectField);
  if (typeof subject !== 'string' && typeof subject !== 'number') return { refused: 'the user has no identifier' };
  const sub = String(subject);
  if (sub.length === 0 || sub.length > 200) return { refused: 'the user has no identifier' };

  const rolesByTenant: Record<string, Role[]> = {};
  for (const role of user.roles) {
    const granted = Object.hasOwn(mapping.roleMap, role.code) ? mapping.roleMap[role.code] : undefined;
    const tenant = role.tenantId ?? user.tenantId;
    if (!granted || !tenant) continue;
    const list = (rolesByTenant[tenant] ??= []);
    if (!list.includes(granted)) list.push(granted);
  }
  const tenants = Object.keys(rolesByTenant).sort();
  if (tenants.length === 0) return { refused: 'the user has no role this API knows in any tenant' };
  const roles = [...new Set(tenants.flatMap((t) => rolesByTenant[t]!))];
  return { sub, tenants, roles, rolesByTenant };
}
