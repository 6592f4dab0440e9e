import type { RequestHandler } from 'express';
import { maskPersonalFields } from '../../security/mask';
import { identityOf, type Role } from '../auth/principal';

/**
 * Roles that see account and mobile numbers in full: treasury operations correct bank details with
 * the bank, auditors check what was paid where. Everyone else (employees, integrators) sees the last
 * four digits; api/README.md lists this per route.
 */
export const FULL_DETAIL_ROLES: readonly Role[] = ['TREASURY_OPS', 'AUDITOR'];

/** Masks every JSON answer of the API unless the verified caller holds a full-detail role. */
export const maskPersonalData: RequestHandler = (req, res, next) => {
  const json = res.json.bind(res);
  res.json = (body: unknown) => {
    const identity = identityOf(req);
    const full = identity?.ok === true && identity.roles.some((r) => FULL_DETAIL_ROLES.includes(r));
    return json(full ? body : maskPersonalFields(body));
  };
  next();
};
