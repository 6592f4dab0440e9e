import { Router } from 'express';
import { z } from 'zod';
import { principalOf, requireRoles } from '../auth';
import type { AppContext } from '../context';
import { parseOr400 } from '../errors';
import { readInbox } from '../inbox/inbox';

export const inboxQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(50) });

/** `GET /inbox`: everything in this tenant that waits on a person, by kind. */
export function createInboxRouter(ctx: AppContext): Router {
  const router = Router();
  router.get('/inbox', requireRoles('TREASURY_OPS', 'EMPLOYEE'), async (req, res) => {
    const { limit } = parseOr400(inboxQuery, req.query, 'inbox query');
    res.json(await readInbox(ctx.db, principalOf(req).tenantId, limit, ctx.publicUrls));
  });
  return router;
}
