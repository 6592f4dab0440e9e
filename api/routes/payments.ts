import { Router } from 'express';
import { z } from 'zod';
import { paymentStateQuery, paymentWorkflowId } from '../../contracts';
import { requireRoles, principalOf } from '../auth';
import type { AppContext } from '../context';
import { ApiError, parseOr400 } from '../errors';
import { requireJson } from '../http/require-json';
import { submitPayment } from '../payments/submit';
import { instructionsOfPayment } from '../read-model/instructions';
import { paymentLinks } from '../read-model/links';
import { findPayment, searchPayments } from '../read-model/payments';
import { statusTimeline } from '../read-model/timeline';
import { billNumber } from '../schemas/common';
import { billInput, idempotencyKey, paymentSearch } from '../schemas/payments';
import { liveState, workflowStatus } from '../temporal/workflow-state';

export const billParams = z.strictObject({ billNumber });

/** Submit, search and view payments. Handlers validate, authorise and delegate; nothing else. */
export function createPaymentsRouter(ctx: AppContext): Router {
  const router = Router();

  router.post('/payments', requireRoles('EMPLOYEE', 'SYSTEM_INTEGRATOR'), requireJson, async (req, res) => {
    const p = principalOf(req);
    const key = req.get('idempotency-key');
    if (key === undefined) throw new ApiError(400, 'IDEMPOTENCY_KEY_REQUIRED', 'send an Idempotency-Key header');
    const outcome = await submitPayment(ctx, {
      tenantId: p.tenantId,
      submittedBy: p.sub,
      idempotencyKey: parseOr400(idempotencyKey, key, 'Idempotency-Key header'),
      bill: parseOr400(billInput, req.body, 'payment'),
      source: 'api',
    });
    if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
    if (outcome.status === 202) {
      res.setHeader('Location', (outcome.body as { links: { self: string } }).links.self);
    }
    res.status(outcome.status).json(outcome.body);
  });

  router.get(
    '/payments',
    requireRoles('EMPLOYEE', 'TREASURY_OPS', 'AUDITOR', 'SYSTEM_INTEGRATOR'),
    async (req, res) => {
      const filter = parseOr400(paymentSearch, req.query, 'search');
      res.json(await searchPayments(ctx.db, principalOf(req).tenantId, filter));
    },
  );

  router.get(
    '/payments/:billNumber',
    requireRoles('EMPLOYEE', 'TREASURY_OPS', 'AUDITOR', 'SYSTEM_INTEGRATOR'),
    async (req, res) => {
      const { tenantId } = principalOf(req);
      const { billNumber: bill } = parseOr400(billParams, req.params, 'bill number');
      const workflowId = paymentWorkflowId(tenantId, bill);
      const handle = ctx.temporal.workflow.getHandle(workflowId);
      const [row, status] = await Promise.all([findPayment(ctx.db, tenantId, bill), workflowStatus(handle)]);
      // Just submitted: the workflow exists but has not written its read-model row yet.
      if (!row && !status) throw new ApiError(404, 'NOT_FOUND', `no payment for bill ${bill}`);
      const instructions = await instructionsOfPayment(ctx.db, ctx.pii, tenantId, workflowId);
      const [state, timeline] = await Promise.all([
        status ? liveState(ctx.temporal, handle, paymentStateQuery, status) : null,
        statusTimeline(ctx.db, tenantId, {
          paymentWorkflowId: workflowId,
          piNumbers: instructions.map((i) => i.piNumber),
        }),
      ]);
      res.json({
        ...(row ?? pendingSummary(workflowId, bill, state?.status)),
        workflowStatus: status ?? null,
        instructions,
        state,
        timeline,
      });
    },
  );

  return router;
}

function pendingSummary(workflowId: string, bill: string, status: string | undefined) {
  return {
    paymentId: workflowId,
    billNumber: bill,
    status: status ?? 'RECEIVED',
    totalPaise: null,
    beneficiaryCount: null,
    headOfAccountCodes: [],
    submittedBy: null,
    submittedAt: null,
    awaitingFundsSince: null,
    updatedAt: null,
    links: paymentLinks(bill),
  };
}
