import { OpenAPIRegistry, OpenApiGeneratorV3 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ROLES } from '../auth/principal';
import { codecBody } from '../codec/payload-json';
import { auditQuery } from '../routes/audit';
import { registerQuery } from '../routes/funds';
import { logoutBody } from '../routes/host-logout';
import { inboxQuery } from '../routes/inbox';
import { probeParams, probeRequest } from '../routes/probes';
import { correctionsBody, correctionsResult } from '../schemas/actions';
import { piNumber } from '../schemas/common';
import { instructionSearch } from '../schemas/instructions';
import {
  billInput,
  idempotencyKey,
  instructionDetail,
  instructionOut,
  paymentAccepted,
  paymentDetail,
  paymentPage,
  paymentSearch,
} from '../schemas/payments';
import { billApprovedEvent } from '../schemas/webhooks';
import { PAYMENT_ACTION_ROUTES } from './payment-actions';
import { billPath, error, json, STANDARD_ERRORS, tenantHeader, type Route } from './parts';

const MASKING =
  'Account and mobile numbers (accountNumber, mobile, COR account fields) are masked to their last four ' +
  'digits unless the token holds TREASURY_OPS or AUDITOR.';

const routes: Route[] = [
  {
    method: 'post',
    path: '/api/v1/payments',
    summary: 'Submit an approved bill for payment',
    description:
      'Idempotent: the same Idempotency-Key and body replay the first answer (header Idempotent-Replayed: true); ' +
      'the same key with another body is 409 IDEMPOTENCY_KEY_REUSED; a bill already submitted (under another key, ' +
      'by webhook or any other way) is 409 PAYMENT_EXISTS with its paymentId in details.',
    roles: ['EMPLOYEE', 'SYSTEM_INTEGRATOR'],
    request: {
      headers: tenantHeader.extend({ 'idempotency-key': idempotencyKey }),
      body: { content: { 'application/json': { schema: billInput } }, required: true },
    },
    responses: {
      202: json(paymentAccepted, 'Accepted: the payment workflow has started'),
      409: error('IDEMPOTENCY_KEY_REUSED or PAYMENT_EXISTS'),
      422: error('UNKNOWN_TENANT: the tenant has no master data'),
      413: error('Body larger than 256 kB'),
      415: error('Body is not application/json'),
    },
  },
  {
    method: 'get',
    path: '/api/v1/payments',
    summary: 'Search payments (newest first, keyset pagination)',
    roles: ['EMPLOYEE', 'TREASURY_OPS', 'AUDITOR', 'SYSTEM_INTEGRATOR'],
    request: { headers: tenantHeader, query: paymentSearch },
    responses: { 200: json(paymentPage, 'A page of payments') },
  },
  {
    method: 'get',
    path: '/api/v1/payments/{billNumber}',
    summary: 'View a payment: beneficiaries, PIs, live workflow state and status timeline',
    roles: ['EMPLOYEE', 'TREASURY_OPS', 'AUDITOR', 'SYSTEM_INTEGRATOR'],
    masked: true,
    request: { headers: tenantHeader, params: billPath },
    responses: { 200: json(paymentDetail, 'The payment'), 404: error('No such payment in this tenant') },
  },
  {
    method: 'post',
    path: '/api/v1/payments/{billNumber}/corrections',
    summary: 'Correct bank details of failed beneficiaries (re-paid by a revised or fresh PI)',
    roles: ['EMPLOYEE'],
    request: {
      headers: tenantHeader,
      params: billPath,
      body: { content: { 'application/json': { schema: correctionsBody } }, required: true },
    },
    responses: {
      200: json(correctionsResult, 'Accepted by the payment workflow'),
      404: error('No such payment in this tenant'),
      409: error('PAYMENT_CLOSED or CORRECTION_REFUSED (payment cancelled)'),
      422: error('CORRECTION_INVALID: details.fields lists each refused beneficiary with the reason'),
    },
  },
  ...PAYMENT_ACTION_ROUTES,
  {
    method: 'get',
    path: '/api/v1/payments/{billNumber}/audit',
    summary: 'Audit export: workflow histories of the payment and its PIs and the decrypted treasury log',
    roles: ['AUDITOR'],
    request: { headers: tenantHeader, params: billPath, query: auditQuery },
    responses: {
      200: {
        description:
          'timeline (default), text, or json (raw histories as `temporal workflow show -o json` prints them)',
        content: { 'application/json': { schema: z.unknown() }, 'text/plain': { schema: z.string() } },
      },
      404: error('No such payment'),
    },
  },
  {
    method: 'get',
    path: '/api/v1/payment-instructions',
    summary: 'Search payment instructions (newest first, keyset pagination)',
    roles: ['EMPLOYEE', 'TREASURY_OPS', 'AUDITOR', 'SYSTEM_INTEGRATOR'],
    request: { headers: tenantHeader, query: instructionSearch },
    responses: { 200: json(z.object({ items: z.array(instructionOut), nextCursor: z.string().nullable() }), 'A page') },
  },
  {
    method: 'get',
    path: '/api/v1/payment-instructions/{piNumber}',
    summary: 'View a payment instruction with its beneficiaries, live state and timeline',
    roles: ['EMPLOYEE', 'TREASURY_OPS', 'AUDITOR', 'SYSTEM_INTEGRATOR'],
    masked: true,
    request: { headers: tenantHeader, params: z.object({ piNumber: piNumber }) },
    responses: { 200: json(instructionDetail, 'The PI'), 404: error('No such PI in this tenant') },
  },
  {
    method: 'get',
    path: '/api/v1/funds/register',
    summary: 'The fund allocation register',
    roles: ['EMPLOYEE', 'TREASURY_OPS', 'AUDITOR'],
    request: { headers: tenantHeader, query: registerQuery },
    responses: { 200: json(z.object({ sanctions: z.array(z.unknown()) }), 'Per sanction: entries and balance') },
  },
  {
    method: 'get',
    path: '/api/v1/inbox',
    summary:
      'What needs a person: failed beneficiaries, overdue funds waits, stuck PIs, dead letters, open breakers, ' +
      'payments flagged because an activity can never succeed (flaggedPayments)',
    roles: ['TREASURY_OPS', 'EMPLOYEE'],
    request: { headers: tenantHeader, query: inboxQuery },
    responses: { 200: json(z.record(z.string(), z.unknown()), 'Inbox sections') },
  },
  {
    method: 'post',
    path: '/api/v1/probes',
    summary: 'Run the platform probe (API → Temporal → worker → PostgreSQL) and wait for its result',
    description: 'The same probe id again in this tenant returns the first run instead of starting another.',
    roles: ['TREASURY_OPS', 'SYSTEM_INTEGRATOR'],
    request: {
      headers: tenantHeader,
      body: { content: { 'application/json': { schema: probeRequest } }, required: true },
    },
    responses: {
      201: json(
        z.object({ workflowId: z.string(), result: z.object({ probeId: z.string(), recordedAt: z.string() }) }),
        'The probe ran',
      ),
    },
  },
  {
    method: 'get',
    path: '/api/v1/probes/{probeId}',
    summary: "A probe's workflow status (probe ids are per tenant)",
    roles: ['TREASURY_OPS', 'SYSTEM_INTEGRATOR'],
    request: { headers: tenantHeader, params: probeParams },
    responses: {
      200: json(z.object({ workflowId: z.string(), status: z.string() }), 'The probe'),
      404: error('No such probe in this tenant'),
    },
  },
];

/** The OpenAPI 3 document, generated from the very zod schemas the handlers validate with. */
export function openApiDocument() {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: `HS256 (or the host platform's JWKS) with claims sub, exp, tenants[], roles[] (${ROLES.join(', ')})`,
  });
  for (const { roles, responses, description, masked, ...route } of routes) {
    registry.registerPath({
      ...route,
      description: `${description ? `${description}\n\n` : ''}Roles: ${roles.join(', ')}.${masked ? ` ${MASKING}` : ''}`,
      security: [{ [bearer.name]: [] }],
      responses: { ...responses, ...STANDARD_ERRORS },
    });
  }
  registry.registerPath({
    method: 'post',
    path: '/webhooks/bills',
    summary: 'Inbound "bill approved" event (HMAC-signed, no JWT)',
    description:
      'X-Timestamp: Unix seconds; X-Signature: sha256=<hex HMAC-SHA256 of `${timestamp}.${rawBody}` with the shared ' +
      'secret>. Bad or stale signature → 401; an event id seen before → 200 without effect.',
    request: {
      headers: z.object({ 'x-signature': z.string(), 'x-timestamp': z.string() }),
      body: { content: { 'application/json': { schema: billApprovedEvent } }, required: true },
    },
    responses: {
      200: json(z.object({ eventId: z.string(), duplicate: z.literal(true), originalStatus: z.int() }), 'Seen before'),
      202: json(paymentAccepted, 'Accepted'),
      400: error('Invalid event'),
      401: error('BAD_SIGNATURE or STALE_TIMESTAMP'),
      409: error('PAYMENT_EXISTS'),
      422: error('UNKNOWN_TENANT'),
    },
  });
  for (const operation of ['decode', 'encode'] as const) {
    registry.registerPath({
      method: 'post',
      path: `/codec/${operation}`,
      summary: `Temporal remote codec: ${operation} payloads (the Web UI, temporal --codec-endpoint)`,
      description:
        'Roles: TREASURY_OPS, AUDITOR. A batch holding a payload of a tenant the token does not list is refused ' +
        'whole (403 TENANT_FORBIDDEN); every call is counted and logged (who, how many). Development only: ' +
        'loopback requests without a token are allowed (CODEC_ALLOW_LOOPBACK_WITHOUT_TOKEN).',
      security: [{ [bearer.name]: [] }],
      request: {
        headers: z.object({ 'x-namespace': z.string().optional(), 'x-tenant-id': z.string().optional() }),
        body: { content: { 'application/json': { schema: codecBody } }, required: true },
      },
      responses: {
        200: json(codecBody, `The payloads, ${operation}d, in order`),
        404: error('UNKNOWN_NAMESPACE'),
        422: error('UNDECODABLE_PAYLOAD: unknown key id or tampered payload'),
        ...STANDARD_ERRORS,
      },
    });
  }
  registry.registerPath({
    method: 'post',
    path: '/auth/host/logout',
    summary: 'The host platform’s logout callback (AUTH_MODE=host; HMAC-signed with HOST_LOGOUT_SECRET, no token)',
    description:
      'Signed like /webhooks/bills. Ends the session of `accessToken` at once in every API process; the token is ' +
      'refused from the next request on.',
    request: {
      headers: z.object({ 'x-signature': z.string(), 'x-timestamp': z.string() }),
      body: { content: { 'application/json': { schema: logoutBody } }, required: true },
    },
    responses: {
      204: { description: 'Session ended' },
      400: error('Invalid body'),
      401: error('BAD_SIGNATURE or STALE_TIMESTAMP'),
    },
  });
  return new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: '3.0.3',
    info: {
      title: 'ifms-orchestrator API',
      version: '1.0.0',
      description:
        'Submit approved bills for payment through the state treasury (IFMS JIT-FS) and follow them. Money is integer paise.',
    },
  });
}
