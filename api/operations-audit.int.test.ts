import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { billNumber } from '../test/lifecycle-env';
import { pluck, bearer } from './testing/harness';
import { env, app, other, employee, auditor, path, useApiEnv } from './testing/api-env';
import { submitAccounts, reachStatus } from './testing/payment-steps';

useApiEnv('api-ops-audit');

describe('audit export', () => {
  let b: string;
  beforeAll(async () => {
    b = billNumber('audit');
    await submitAccounts(b, ['100000000101']);
    await reachStatus(b, 'PAID');
  });

  it('renders one readable timeline of the payment, its PI and the treasury calls', async () => {
    const res = await request(app)
      .get(`${path(b)}/audit`)
      .set('Authorization', auditor)
      .expect(200);
    const whats = pluck(res.body.timeline, 'what') as string[];
    expect(whats[0]).toBe('workflow paymentWorkflow started');
    expect(res.body.timeline[0].by).toMatch(/^emp-1/);
    expect(whats).toEqual(
      expect.arrayContaining([
        'activity recordPayment scheduled',
        'activity recordPayment completed',
        expect.stringMatching(/^child workflow paymentInstructionWorkflow pi:/),
        'signal instructionReport received',
        expect.stringMatching(/^treasury PI call about PI\/.* answered HTTP 200/),
      ]),
    );
    const times = pluck(res.body.timeline, 'at') as string[];
    expect([...times].sort()).toEqual(times);
    expect(pluck(res.body.treasuryLog, 'serviceId')).toEqual(expect.arrayContaining(['PI', 'PIS', 'PAG', 'PD']));
  });

  it('offers the raw histories as JSON and the timeline as text', async () => {
    const json = await request(app)
      .get(`${path(b)}/audit`)
      .query({ format: 'json' })
      .set('Authorization', auditor)
      .expect(200);
    expect(pluck(json.body.workflows, 'workflowId')).toEqual([
      `payment:${env.tenant.tenantId}:${b}`,
      expect.stringMatching(/^pi:/),
    ]);
    expect(json.body.workflows[0].history.events[0].eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
    const text = await request(app)
      .get(`${path(b)}/audit`)
      .query({ format: 'text' })
      .set('Authorization', auditor)
      .expect(200);
    expect(text.headers['content-type']).toMatch(/^text\/plain/);
    expect(text.text).toMatch(/workflow paymentWorkflow started/);
  });

  it('is for auditors of the tenant only', async () => {
    await request(app)
      .get(`${path(b)}/audit`)
      .set('Authorization', employee)
      .expect(403);
    const otherAuditor = await bearer(other.tenantId, 'AUDITOR');
    await request(app)
      .get(`${path(b)}/audit`)
      .set('Authorization', otherAuditor)
      .expect(404);
    await request(app)
      .get(`${path(b)}/audit`)
      .query({ format: 'xml' })
      .set('Authorization', auditor)
      .expect(400);
  });
});

describe('platform endpoints', () => {
  it('serves Prometheus metrics with latency by route pattern and workflow starts', async () => {
    const res = await request(app).get('/metrics').expect(200);
    expect(res.text).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/payments"/);
    expect(res.text).toMatch(
      /http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/payments\/:billNumber\/audit"/,
    );
    expect(res.text).toMatch(/workflow_starts_total\{workflow="paymentWorkflow",source="api"\} [1-9]/);
    // Route patterns, never raw paths with bill numbers.
    expect(res.text).not.toMatch(/route="\/api\/v1\/payments\/[A-Z]/);
  });

  it('serves the OpenAPI document and Swagger UI', async () => {
    const doc = await request(app).get('/openapi.json').expect(200);
    expect(doc.body.openapi).toBe('3.0.3');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/payments',
        '/api/v1/payments/{billNumber}/audit',
        '/webhooks/bills',
        '/api/v1/inbox',
      ]),
    );
    expect(doc.body.components.schemas.BillInput.required).toEqual(['billNumber', 'beneficiaries']);
    const ui = await request(app).get('/docs/').expect(200);
    expect(ui.text).toMatch(/swagger-ui/);
  });

  it('sets security headers and a request id, and answers unknown routes in the error shape', async () => {
    const res = await request(app).get('/api/v1/nothing-here').set('X-Request-Id', 'trace-12345678').expect(404);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-request-id']).toBe('trace-12345678');
    expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String), details: null } });
  });
});
