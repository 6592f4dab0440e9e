import express, { Router } from 'express';
import type { AppContext } from '../context';
import { parseOr400 } from '../errors';
import { submitPayment } from '../payments/submit';
import { billApprovedEvent } from '../schemas/webhooks';
import { rememberEvent, seenEvent } from '../webhooks/inbound-events';
import { signedJson } from '../webhooks/signed-json';

/**
 * `POST /webhooks/bills`: another system's "bill approved" event. No JWT: the HMAC over the exact raw
 * bytes authenticates the sender, so the body is read raw and parsed only after the signature holds.
 * An event id this tenant sent before is acknowledged (200) and ignored; a new one takes the same path as
 * POST /payments (an unknown tenant is 422 there), with the event id as its idempotency key.
 */
export function createWebhooksRouter(ctx: AppContext, bodyLimit: string): Router {
  const router = Router();
  router.post('/webhooks/bills', express.raw({ type: () => true, limit: bodyLimit }), async (req, res) => {
    const json = signedJson(req, {
      secret: ctx.settings.webhooks.inboundSecret,
      toleranceSeconds: ctx.settings.webhooks.toleranceSeconds,
    });
    const event = parseOr400(billApprovedEvent, json, 'bill event');

    const seen = await seenEvent(ctx.db, event.tenantId, event.eventId);
    if (seen) {
      res.status(200).json({ eventId: event.eventId, duplicate: true, originalStatus: seen.status });
      return;
    }
    const outcome = await submitPayment(ctx, {
      tenantId: event.tenantId,
      submittedBy: `webhook:${event.eventId}`,
      idempotencyKey: `webhook:${event.eventId}`,
      bill: event.bill,
      source: 'webhook',
    });
    await rememberEvent(ctx.db, {
      eventId: event.eventId,
      tenantId: event.tenantId,
      billNumber: event.bill.billNumber,
      status: outcome.status,
    });
    res.status(outcome.status).json(outcome.body);
  });
  return router;
}
