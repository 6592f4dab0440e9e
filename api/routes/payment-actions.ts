import { Router } from 'express';
import {
  cancelPaymentUpdate,
  paymentWorkflowId,
  pollNowSignal,
  resubmitRejectedUpdate,
  supplyCorrectionsUpdate,
} from '../../contracts';
import { principalOf, requireRoles } from '../auth';
import type { AppContext } from '../context';
import { ApiError, parseOr400 } from '../errors';
import { requireJson } from '../http/require-json';
import { cancelBody, correctionsBody, resubmitBody } from '../schemas/actions';
import { correctionRefusal, refusalReason } from '../temporal/update-refusal';
import { closedWhileActing, runningWorkflow } from '../temporal/workflow-state';
import { billParams } from './payments';

/** What people do to a running payment: correct failed beneficiaries, poll now, cancel, resubmit. All go to the workflow. */
export function createPaymentActionsRouter(ctx: AppContext): Router {
  const router = Router();
  const livePayment = (req: Parameters<typeof principalOf>[0]) => {
    const { billNumber } = parseOr400(billParams, req.params, 'bill number');
    return runningWorkflow(ctx.temporal, paymentWorkflowId(principalOf(req).tenantId, billNumber), 'payment');
  };

  router.post('/payments/:billNumber/corrections', requireRoles('EMPLOYEE'), requireJson, async (req, res) => {
    const p = principalOf(req);
    const body = parseOr400(correctionsBody, req.body, 'corrections');
    const handle = await livePayment(req);
    try {
      const result = await handle.executeUpdate(supplyCorrectionsUpdate, {
        args: [{ tenantId: p.tenantId, corrections: body.corrections, requestedBy: p.sub }],
      });
      res.json(result);
    } catch (err) {
      throw (
        correctionRefusal(
          err,
          body.corrections.map((c) => c.beneficiaryNumber),
        ) ?? err
      );
    }
  });

  router.post('/payments/:billNumber/actions/poll-now', requireRoles('TREASURY_OPS'), async (req, res) => {
    const handle = await livePayment(req);
    await handle.signal(pollNowSignal).catch((err: unknown) => {
      throw closedWhileActing(err) ?? err;
    });
    res.status(202).json({ signalled: true });
  });

  router.post('/payments/:billNumber/actions/cancel', requireRoles('TREASURY_OPS'), requireJson, async (req, res) => {
    const p = principalOf(req);
    const { reason } = parseOr400(cancelBody, req.body, 'cancel request');
    const handle = await livePayment(req);
    try {
      res.json(await handle.executeUpdate(cancelPaymentUpdate, { args: [{ reason, requestedBy: p.sub }] }));
    } catch (err) {
      const refusal = refusalReason(err);
      if (refusal !== undefined) throw new ApiError(409, 'CANCEL_REFUSED', refusal);
      throw closedWhileActing(err) ?? err;
    }
  });

  // Treasury operations send a PI the SSU rejected again, as a new PI (who: the token's subject).
  router.post('/payments/:billNumber/actions/resubmit', requireRoles('TREASURY_OPS'), requireJson, async (req, res) => {
    const p = principalOf(req);
    const { reason } = parseOr400(resubmitBody, req.body, 'resubmit request');
    const handle = await livePayment(req);
    try {
      res.json(await handle.executeUpdate(resubmitRejectedUpdate, { args: [{ reason, requestedBy: p.sub }] }));
    } catch (err) {
      const refusal = refusalReason(err);
      if (refusal !== undefined) throw new ApiError(409, 'RESUBMIT_REFUSED', refusal);
      throw closedWhileActing(err) ?? err;
    }
  });

  return router;
}
