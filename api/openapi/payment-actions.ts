import { z } from 'zod';
import { cancelBody, resubmitBody, resubmitResult } from '../schemas/actions';
import { billPath, error, json, tenantHeader, type Route } from './parts';

/** Operators' actions on a payment (corrections, an employee's, stay with the payment routes). */
export const PAYMENT_ACTION_ROUTES: Route[] = [
  {
    method: 'post',
    path: '/api/v1/payments/{billNumber}/actions/poll-now',
    summary: 'Ask the treasury now instead of at the next scheduled poll',
    roles: ['TREASURY_OPS'],
    request: { headers: tenantHeader, params: billPath },
    responses: {
      202: json(z.object({ signalled: z.literal(true) }), 'Signalled'),
      404: error('No such payment'),
      409: error('PAYMENT_CLOSED'),
    },
  },
  {
    method: 'post',
    path: '/api/v1/payments/{billNumber}/actions/cancel',
    summary: 'Cancel a payment that has no PI live at the treasury',
    roles: ['TREASURY_OPS'],
    request: {
      headers: tenantHeader,
      params: billPath,
      body: { content: { 'application/json': { schema: cancelBody } }, required: true },
    },
    responses: {
      200: json(z.object({ cancelled: z.literal(true) }), 'Cancelled'),
      404: error('No such payment'),
      409: error('CANCEL_REFUSED (with the reason) or PAYMENT_CLOSED'),
    },
  },
  {
    method: 'post',
    path: '/api/v1/payments/{billNumber}/actions/resubmit',
    summary: 'Send the beneficiaries of a PI the SSU rejected again, in a new PI',
    description:
      'A new PI number for the same beneficiaries; funds are reserved again (the rejected PI released its ' +
      'reservation). The rejected PI stays REJECTED. Who asked is the token’s subject.',
    roles: ['TREASURY_OPS'],
    request: {
      headers: tenantHeader,
      params: billPath,
      body: { content: { 'application/json': { schema: resubmitBody } }, required: true },
    },
    responses: {
      200: json(resubmitResult, 'The new PI is on its way'),
      404: error('No such payment'),
      409: error('RESUBMIT_REFUSED (no PI rejected by the SSU, or a PI is already live) or PAYMENT_CLOSED'),
    },
  },
];
