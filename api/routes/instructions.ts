import { Router } from 'express';
import { instructionStateQuery, instructionWorkflowId } from '../../contracts';
import { principalOf, requireRoles } from '../auth';
import type { AppContext } from '../context';
import { ApiError, parseOr400 } from '../errors';
import { findInstruction, searchInstructions } from '../read-model/instructions';
import { statusTimeline } from '../read-model/timeline';
import { instructionSearch, piParams } from '../schemas/instructions';
import { liveState, workflowStatus } from '../temporal/workflow-state';

const READERS = ['EMPLOYEE', 'TREASURY_OPS', 'AUDITOR', 'SYSTEM_INTEGRATOR'] as const;

/** Search and view payment instructions (PI numbers contain `/`: clients URL-encode them in the path). */
export function createInstructionsRouter(ctx: AppContext): Router {
  const router = Router();

  router.get('/payment-instructions', requireRoles(...READERS), async (req, res) => {
    const filter = parseOr400(instructionSearch, req.query, 'search');
    res.json(await searchInstructions(ctx.db, principalOf(req).tenantId, filter));
  });

  router.get('/payment-instructions/:piNumber', requireRoles(...READERS), async (req, res) => {
    const { tenantId } = principalOf(req);
    const { piNumber } = parseOr400(piParams, req.params, 'PI number');
    const instruction = await findInstruction(ctx.db, ctx.pii, tenantId, piNumber);
    if (!instruction) throw new ApiError(404, 'NOT_FOUND', `no payment instruction ${piNumber}`);
    const handle = ctx.temporal.workflow.getHandle(instructionWorkflowId(tenantId, piNumber));
    const status = await workflowStatus(handle);
    const [state, timeline] = await Promise.all([
      status ? liveState(ctx.temporal, handle, instructionStateQuery, status) : null,
      statusTimeline(ctx.db, tenantId, { piNumbers: [piNumber] }),
    ]);
    res.json({ ...instruction, workflowStatus: status ?? null, state, timeline });
  });

  return router;
}
