import type { Worker } from '@temporalio/worker';
import express, { type Express } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billNumber, FAST_POLICY, openLifecycleEnv, payee, type LifecycleEnv } from '../test/lifecycle-env';
import { waitFor } from '../test/wait-for';
import { ScheduleId, type OutboxDeliveryResult } from '../contracts';
import { ensureOutboxSchedule } from '../outbox';
import { bearer, TEST_WEBHOOK_SECRET, testApp } from './testing/harness';
import { signBody, verifySignature } from '../security/webhook-signature';

let env: LifecycleEnv;
let app: Express;

beforeAll(async () => {
  env = await openLifecycleEnv({ label: 'api-webhooks' });
  app = testApp({ temporal: env.client, db: env.db, taskQueue: env.taskQueue, lifecycle: FAST_POLICY });
});
afterAll(async () => {
  await env?.close();
});

let events = 0;
const eventId = () => `evt-${process.pid}-${Date.now()}-${++events}`;
const billEvent = (id: string, bill = billNumber('hook'), tenantId = env.tenant.tenantId) => ({
  eventId: id,
  tenantId,
  bill: { billNumber: bill, beneficiaries: [payee('100000000121', 400_00)] },
});

function postEvent(body: unknown, sign: { secret?: string; skewSeconds?: number; signature?: string } = {}) {
  const raw = JSON.stringify(body);
  const ts = String(Math.floor(Date.now() / 1000) + (sign.skewSeconds ?? 0));
  return request(app)
    .post('/webhooks/bills')
    .set('Content-Type', 'application/json')
    .set('X-Timestamp', ts)
    .set('X-Signature', sign.signature ?? signBody(sign.secret ?? TEST_WEBHOOK_SECRET, ts, raw))
    .send(raw);
}

const keyRows = (bill: string) =>
  env.db('api_idempotency_keys').where({ tenant_id: env.tenant.tenantId, bill_number: bill });

describe('inbound bill events', () => {
  it('starts a payment for a signed event and acknowledges a replay without effect', async () => {
    const id = eventId();
    const body = billEvent(id);
    const first = await postEvent(body).expect(202);
    expect(first.body).toMatchObject({ billNumber: body.bill.billNumber, status: 'RECEIVED' });
    const row = await waitFor(
      async () =>
        (await env
          .db('payments')
          .where({ tenant_id: env.tenant.tenantId, bill_number: body.bill.billNumber })
          .first()) as { submitted_by: string } | undefined,
      'payment row',
    );
    expect(row.submitted_by).toBe(`webhook:${id}`);
    const replay = await postEvent(body).expect(200);
    expect(replay.body).toEqual({ eventId: id, duplicate: true, originalStatus: 202 });
    expect(await keyRows(body.bill.billNumber)).toHaveLength(1);
  });

  it('refuses a second event for a bill that already has a payment (409 PAYMENT_EXISTS)', async () => {
    const body = billEvent(eventId());
    await postEvent(body).expect(202);
    const res = await postEvent({ ...body, eventId: eventId() }).expect(409);
    expect(res.body.error.code).toBe('PAYMENT_EXISTS');
  });

  it.each([
    ['a wrong secret', { secret: 'w'.repeat(40) }, 'BAD_SIGNATURE'],
    ['a malformed signature', { signature: 'sha256=abc' }, 'BAD_SIGNATURE'],
    ['a stale timestamp', { skewSeconds: -301 }, 'STALE_TIMESTAMP'],
    ['a future timestamp', { skewSeconds: 301 }, 'STALE_TIMESTAMP'],
  ])('answers 401 for %s and starts nothing', async (_what, sign, code) => {
    const body = billEvent(eventId());
    const res = await postEvent(body, sign).expect(401);
    expect(res.body.error.code).toBe(code);
    expect(await keyRows(body.bill.billNumber)).toHaveLength(0);
    expect(await env.db('webhook_inbound_events').where({ event_id: body.eventId })).toHaveLength(0);
  });

  it('answers 401 without signature headers, before reading the event', async () => {
    const res = await request(app).post('/webhooks/bills').send(billEvent(eventId())).expect(401);
    expect(res.body.error.code).toBe('BAD_SIGNATURE');
  });

  it('answers 400 for a signed but invalid event, and 422 for an unknown tenant', async () => {
    const invalid = await postEvent({ ...billEvent(eventId()), extra: true }).expect(400);
    expect(invalid.body.error.code).toBe('VALIDATION_FAILED');
    const notJson = await request(app)
      .post('/webhooks/bills')
      .set('X-Timestamp', String(Math.floor(Date.now() / 1000)))
      .set('X-Signature', signBody(TEST_WEBHOOK_SECRET, String(Math.floor(Date.now() / 1000)), '{oops'))
      .send('{oops')
      .expect(400);
    expect(notJson.body.error.code).toBe('MALFORMED_JSON');
    const unknown = await postEvent(billEvent(eventId(), billNumber('hook'), 'no.such.tenant')).expect(422);
    expect(unknown.body.error.code).toBe('UNKNOWN_TENANT');
  });
});

describe('outbound delivery of outbox events', () => {
  const secret = 'subscriber-secret-0123456789abcdefghij';
  const received = new Map<string, number>();
  let receiver: Server;
  let base: string;
  let worker: Worker;
  let running: Promise<void>;
  let taskQueue: string;

  beforeAll(async () => {
    const hooks = express();
    hooks.post('/ok', express.raw({ type: '*/*' }), (req, res) => {
      const verdict = verifySignature(
        { secret, toleranceSeconds: 300 },
        { signature: req.get('x-signature'), timestamp: req.get('x-timestamp') },
        req.body as Buffer,
      );
      const id = req.get('x-event-id') ?? '';
      const body = JSON.parse((req.body as Buffer).toString('utf8')) as { eventId: string };
      if (!verdict.ok || body.eventId !== id) {
        res.status(401).end();
        return;
      }
      // At least once: a receiver counts (and would ignore) repeats by event id.
      received.set(id, (received.get(id) ?? 0) + 1);
      res.status(204).end();
    });
    hooks.post('/broken', (_req, res) => {
      res.status(503).end();
    });
    hooks.post('/gone', (_req, res) => {
      res.status(410).end();
    });
    receiver = hooks.listen(0, '127.0.0.1');
    await new Promise((resolve) => receiver.once('listening', resolve));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    taskQueue = env.uniqueTaskQueue('outbox');
    const deps = {
      treasury: env.treasury,
      webhooks: { subscribers: ['ok', 'broken', 'gone'].map((p) => ({ url: `${base}/${p}`, secret })) },
    };
    worker = await env.createWorker(taskQueue, deps);
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await new Promise((resolve) => receiver?.close(resolve));
  });

  const deliver = () =>
    env.client.workflow.execute('outboxDeliveryWorkflow', {
      taskQueue,
      workflowId: `test-outbox-${Date.now()}-${Math.random().toString(36).slice(2)}`,
      args: [
        { maxAttempts: 3, retryInitialIntervalMs: 50, batchSize: 7, maxBatches: 200, tenantIds: [env.tenant.tenantId] },
      ],
    }) as Promise<OutboxDeliveryResult>;

  it('signs and delivers every event, dead-letters failing subscribers, and shows them in the inbox', async () => {
    const pending = (await env
      .db('outbox_events')
      .where({ tenant_id: env.tenant.tenantId })
      .whereNull('delivered_at')
      .select('event_id')) as Array<{ event_id: string }>;
    expect(pending.length).toBeGreaterThan(0);

    const result = await deliver();
    expect(result.events).toBeGreaterThanOrEqual(pending.length);
    for (const { event_id } of pending) expect(received.get(event_id)).toBe(1);
    const rows = (await env.db('webhook_deliveries').whereIn(
      'event_id',
      pending.map((p) => p.event_id),
    )) as Array<{ subscriber_url: string; status: string; attempts: number; last_error: string | null }>;
    const of = (path: string) => rows.filter((r) => r.subscriber_url === `${base}/${path}`);
    expect(of('ok').every((r) => r.status === 'DELIVERED')).toBe(true);
    // A 503 is retried up to the limit; a 410 is permanent and given up at once.
    expect(
      of('broken').every((r) => r.status === 'DEAD_LETTER' && r.attempts === 3 && r.last_error?.includes('503')),
    ).toBe(true);
    expect(of('gone').every((r) => r.status === 'DEAD_LETTER' && r.attempts === 1)).toBe(true);
    expect(of('ok')).toHaveLength(pending.length);
    const left = await env
      .db('outbox_events')
      .whereIn(
        'event_id',
        pending.map((p) => p.event_id),
      )
      .whereNull('delivered_at');
    expect(left).toEqual([]);

    const inbox = await request(app)
      .get('/api/v1/inbox')
      .query({ limit: 100 })
      .set('Authorization', await bearer(env.tenant.tenantId, 'TREASURY_OPS'));
    const dead = inbox.body.deadLetteredWebhooks.items as Array<{ subscriberUrl: string; eventId: string }>;
    expect(dead.length).toBeGreaterThan(0);
    expect(dead.every((d) => d.subscriberUrl !== `${base}/ok`)).toBe(true);
  });

  it('does not send a delivered event again', async () => {
    const before = new Map(received);
    await deliver();
    for (const [id, count] of before) expect(received.get(id)).toBe(count);
  });

  it('creates the delivery Schedule idempotently for the worker to call at start', async () => {
    const settings = { taskQueue, everyMs: 3_600_000, maxAttempts: 5 };
    try {
      await ensureOutboxSchedule(env.client, settings);
      await ensureOutboxSchedule(env.client, { ...settings, maxAttempts: 6 });
      const described = await env.client.schedule.getHandle(ScheduleId.outboxDelivery).describe();
      expect(described.action).toMatchObject({
        type: 'startWorkflow',
        workflowType: 'outboxDeliveryWorkflow',
        args: [{ maxAttempts: 6 }],
      });
    } finally {
      await env.client.schedule.getHandle(ScheduleId.outboxDelivery).delete();
    }
  });
});
