import type { Client } from '@temporalio/client';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import { Router } from 'express';
import { z } from 'zod';
import { probeWorkflowId, TaskQueue, type PlatformProbeInput } from '../../contracts';
import { principalOf, requireRoles } from '../auth';
import { ApiError, parseOr400 } from '../errors';

export const probeRequest = z
  .strictObject({
    probeId: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits and _.:- only, at most 64'),
    note: z.string().max(200).default(''),
  })
  .meta({ id: 'ProbeRequest' });
export const probeParams = z.strictObject({ probeId: probeRequest.shape.probeId });

/**
 * `POST /api/v1/probes` runs the platform probe workflow and waits for it (a few hundred ms);
 * the same probe id twice in one tenant returns the first run's result instead of starting another.
 * Probe ids are the caller's tenant's own: another tenant's probe of the same id is another probe.
 */
export function createProbesRouter(deps: { temporal: Client; taskQueue?: string }): Router {
  const router = Router();
  // A platform check, not tenant data: for operators and integrators proving the path end to end.
  const allowed = requireRoles('TREASURY_OPS', 'SYSTEM_INTEGRATOR');
  router.post('/probes', allowed, async (req, res) => {
    const { tenantId } = principalOf(req);
    const input: PlatformProbeInput = { tenantId, ...parseOr400(probeRequest, req.body, 'probe request') };
    const handle = await deps.temporal.workflow.start('platformProbeWorkflow', {
      taskQueue: deps.taskQueue ?? TaskQueue.payments,
      workflowId: probeWorkflowId(tenantId, input.probeId),
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      args: [input],
    });
    const result: unknown = await handle.result();
    res.status(201).json({ workflowId: handle.workflowId, result });
  });
  router.get('/probes/:probeId', allowed, async (req, res) => {
    const { probeId } = parseOr400(probeParams, req.params, 'probe id');
    const handle = deps.temporal.workflow.getHandle(probeWorkflowId(principalOf(req).tenantId, probeId));
    const description = await handle.describe().catch((err: unknown) => {
      if ((err as Error).name === 'WorkflowNotFoundError') throw new ApiError(404, 'NOT_FOUND', `no probe ${probeId}`);
      throw err;
    });
    res.json({ workflowId: handle.workflowId, status: description.status.name });
  });
  return router;
}
