import { Router } from 'express';
import { z } from 'zod';
import { paymentWorkflowId } from '../../contracts';
import { gatherAudit, auditTimeline, rawAudit, timelineText } from '../audit/export';
import { principalOf, requireRoles } from '../auth';
import type { AppContext } from '../context';
import { ApiError, parseOr400 } from '../errors';
import { findPayment } from '../read-model/payments';
import { instructionsOfPayment } from '../read-model/instructions';
import { workflowStatus } from '../temporal/workflow-state';
import { billParams } from './payments';

export const auditQuery = z.strictObject({
  format: z
    .enum(['timeline', 'text', 'json'])
    .default('timeline')
    .meta({ description: 'timeline: readable JSON lines; text: the same as plain text; json: raw histories and logs' }),
});

/** `GET /payments/:billNumber/audit`: everything an auditor needs about one payment, in one answer. */
export function createAuditRouter(ctx: AppContext): Router {
  const router = Router();
  router.get('/payments/:billNumber/audit', requireRoles('AUDITOR'), async (req, res) => {
    const { tenantId } = principalOf(req);
    const { billNumber } = parseOr400(billParams, req.params, 'bill number');
    const { format } = parseOr400(auditQuery, req.query, 'audit query');
    const workflowId = paymentWorkflowId(tenantId, billNumber);
    const [row, status] = await Promise.all([
      findPayment(ctx.db, tenantId, billNumber),
      workflowStatus(ctx.temporal.workflow.getHandle(workflowId)),
    ]);
    if (!row && !status) throw new ApiError(404, 'NOT_FOUND', `no payment for bill ${billNumber}`);
    const instructions = await instructionsOfPayment(ctx.db, ctx.pii, tenantId, workflowId);
    const material = await gatherAudit(
      ctx.temporal,
      ctx.db,
      { audit: ctx.auditCipher, payloads: ctx.payloadCodec },
      {
        tenantId,
        billNumber,
        paymentWorkflowId: workflowId,
        piNumbers: instructions.map((i) => i.piNumber),
      },
    );
    const head = { paymentId: workflowId, billNumber, piNumbers: instructions.map((i) => i.piNumber) };
    if (format === 'json') {
      res.json({ ...head, ...rawAudit(material) });
    } else if (format === 'text') {
      res.type('text/plain; charset=utf-8').send(timelineText(auditTimeline(material)));
    } else {
      res.json({ ...head, timeline: auditTimeline(material), treasuryLog: material.treasury });
    }
  });
  return router;
}
