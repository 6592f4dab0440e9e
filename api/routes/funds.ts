import { Router } from 'express';
import { z } from 'zod';
import { fundRegister } from '../../db/funds/register';
import { principalOf, requireRoles } from '../auth';
import type { AppContext } from '../context';
import { parseOr400 } from '../errors';
import { hoaCode, isoDate } from '../schemas/common';

export const registerQuery = z
  .strictObject({ hoa: hoaCode.optional(), from: isoDate.optional(), to: isoDate.optional() })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['from'] });

/** The fund allocation register of the caller's tenant: per sanction, every ledger entry and the balance. */
export function createFundsRouter(ctx: AppContext): Router {
  const router = Router();
  router.get('/funds/register', requireRoles('EMPLOYEE', 'TREASURY_OPS', 'AUDITOR'), async (req, res) => {
    const q = parseOr400(registerQuery, req.query, 'register filter');
    const sanctions = await fundRegister(ctx.db, {
      tenantId: principalOf(req).tenantId,
      ...(q.hoa ? { hoaCode: q.hoa } : {}),
      ...(q.from ? { fromDate: q.from } : {}),
      ...(q.to ? { toDate: q.to } : {}),
    });
    res.json({ sanctions });
  });
  return router;
}
