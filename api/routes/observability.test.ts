import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createErrorHandler } from '../errors';
import { createApiMetrics } from '../http/metrics';
import { createObservabilityRouter, type MetricsAccess } from './observability';

const TOKEN = 'metrics-scrape-token-0123456789abcdef';

function app(access: MetricsAccess) {
  const a = express();
  a.use(createObservabilityRouter(createApiMetrics(), access));
  a.use(createErrorHandler(pino({ level: 'silent' })));
  return a;
}

describe('/metrics access', () => {
  it('with a token configured, serves only a scraper presenting it', async () => {
    const a = app({ token: TOKEN, anonymous: false });
    expect((await request(a).get('/metrics')).status).toBe(401);
    expect((await request(a).get('/metrics').set('Authorization', `Bearer ${TOKEN}x`)).status).toBe(401);
    const ok = await request(a).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect(ok.text).toContain('http_request_duration_seconds');
  });

  it('without a token, serves anyone in development and no one in production', async () => {
    await request(app({ anonymous: true }))
      .get('/metrics')
      .expect(200);
    const closed = await request(app({ anonymous: false })).get('/metrics');
    expect([closed.status, closed.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });
});
