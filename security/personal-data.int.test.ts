import { Client } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken, type Role } from '../api/auth';
import { bearer, testApp, testKeySettings } from '../api/testing/harness';
import { paymentStateQuery, paymentWorkflowId, instructionWorkflowId, type BillBeneficiary } from '../contracts';
import { FAST_POLICY, billNumber, openLifecycleEnv, payee, type LifecycleEnv } from '../test/lifecycle-env';
import { waitFor } from '../test/wait-for';
import { platformDataConverter, type PayloadKeys } from './data-converter';
import { describeWorkflow, leaked, listen, show } from './testing/temporal-cli';

/** A beneficiary whose every personal detail is unique to this file, so a hit can only be a leak. */
const person = (account: string, mobile: string, name: string): BillBeneficiary =>
  payee(account, 4_321_00, { name, mobile, address: `Plot ${account.slice(-3)}, Talcher`, lineItemIds: ['LI-1'] });
const SUNITA = person('100000000731', '9437012345', 'Sunita Pradhan');
const ROTATED = person('100000000732', '9437054321', 'Bikash Sethi');
const secretsOf = (b: BillBeneficiary) => [b.name, b.accountNumber, b.mobile!];

let env: LifecycleEnv;
let codecServer: Server;
let codecUrl: string;
beforeAll(async () => {
  env = await openLifecycleEnv({ label: 'pii' });
  // The codec server as the API serves it, on a real port for the CLI's --codec-endpoint; no loopback
  // exemption, so every request is judged by its token as in production.
  const app = testApp({ ...appOptions(), codec: { loopbackWithoutToken: false } });
  codecServer = app.listen(0, '127.0.0.1');
  codecUrl = await listen(codecServer);
});
afterAll(async () => {
  codecServer?.close();
  await env?.close();
});

const appOptions = () => ({
  temporal: env.client,
  db: env.db,
  taskQueue: env.taskQueue,
  lifecycle: FAST_POLICY,
  auditEnv: env.treasuryEnv,
});

/** Runs one bill to PAID through a client (and so a key ring), returning its payment and PI workflow ids. */
async function payBill(client: Client, taskQueue: string, label: string, who: BillBeneficiary) {
  const bill = billNumber(label);
  const workflowId = paymentWorkflowId(env.tenant.tenantId, bill);
  await client.workflow.start('paymentWorkflow', {
    taskQueue,
    workflowId,
    args: [{ ...env.paymentInput(bill, [who, payee('100000000733', 1_00_00)]), submittedBy: 'asha@od.angul' }],
  });
  const state = await waitFor(async () => {
    const s = await client.workflow.getHandle(workflowId).query(paymentStateQuery);
    return s.status === 'PAID' ? s : undefined;
  }, `${bill} to be PAID`);
  return {
    bill,
    workflowId,
    piWorkflowId: instructionWorkflowId(env.tenant.tenantId, state.instructions[0]!.piNumber),
  };
}

describe('personal data in Temporal history', () => {
  let paid: Awaited<ReturnType<typeof payBill>>;
  beforeAll(async () => {
    paid = await payBill(env.client, env.taskQueue, 'pii', SUNITA);
  });

  it('shows no name, account or mobile in any payload, memo or search attribute of the payment or its PI', async () => {
    for (const id of [paid.workflowId, paid.piWorkflowId]) {
      const history = await show(id);
      expect(JSON.parse(history)).toHaveProperty('events');
      expect(leaked(history, secretsOf(SUNITA))).toEqual([]);
      expect(history).toContain('encryption-key-id');
      const description = await describeWorkflow(id);
      expect(JSON.parse(description)).toHaveProperty('workflowExecutionInfo');
      expect(leaked(description, secretsOf(SUNITA))).toEqual([]);
    }
  });

  it('masks account and mobile numbers in API answers, except to treasury operations and auditors', async () => {
    const app = testApp(appOptions());
    const piNumber = paid.piWorkflowId.split(':').slice(2).join(':');
    const paths = [
      `/api/v1/payments/${encodeURIComponent(paid.bill)}`,
      `/api/v1/payment-instructions/${encodeURIComponent(piNumber)}`,
    ];
    const answer = async (path: string, role: Role) => {
      const res = await request(app)
        .get(path)
        .set('Authorization', await bearer(env.tenant.tenantId, role));
      expect(res.status).toBe(200);
      return JSON.stringify(res.body);
    };
    for (const path of paths) {
      for (const role of ['EMPLOYEE', 'SYSTEM_INTEGRATOR'] as const) {
        const text = await answer(path, role);
        expect(text).toContain('XXXXXXXX0731');
        expect(text).not.toContain(SUNITA.accountNumber);
        expect(text).not.toContain(SUNITA.mobile);
      }
      for (const role of ['TREASURY_OPS', 'AUDITOR'] as const) {
        expect(await answer(path, role)).toContain(SUNITA.accountNumber);
      }
    }
    // The payment's live state carries beneficiary numbers only (issue 14 part 3): no mobile at all.
    expect(await answer(paths[0]!, 'TREASURY_OPS')).not.toContain(SUNITA.mobile);
  });

  it('shows them through the codec endpoint to an auditor of the tenant, and to nobody else', async () => {
    const tenant = env.tenant.tenantId;
    const auditor = await bearer(tenant, 'AUDITOR', 'auditor@ag.odisha');
    const otherAuditor = await bearer('od.puri', 'AUDITOR', 'auditor@od.puri');
    const employee = await bearer(tenant, 'EMPLOYEE', 'asha@od.angul');
    const forged = `Bearer ${await signToken('forged-secret-0123456789abcdefghijklmnop', {
      sub: 'mallory',
      tenants: [tenant],
      roles: ['AUDITOR'],
    })}`;
    const through = (id: string, auth: string) => show(id, '--codec-endpoint', codecUrl, '--codec-auth', auth);

    expect(leaked(await through(paid.workflowId, auditor), secretsOf(SUNITA))).toEqual(secretsOf(SUNITA));
    // A PI's history holds numbers only (issue 14 part 3): nothing personal, even decoded.
    expect(leaked(await through(paid.piWorkflowId, auditor), secretsOf(SUNITA))).toEqual([]);
    for (const id of [paid.workflowId, paid.piWorkflowId]) {
      for (const outsider of [otherAuditor, forged]) {
        expect(leaked(await through(id, outsider), secretsOf(SUNITA))).toEqual([]);
      }
    }

    // The same refusals through the protocol itself, with their machine-readable codes.
    const history = await env.client.workflow.getHandle(paid.workflowId).fetchHistory();
    const input = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads!;
    const body = {
      payloads: input.map((p) => ({
        metadata: Object.fromEntries(
          Object.entries(p.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
        ),
        data: Buffer.from(p.data!).toString('base64'),
      })),
    };
    const logged: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void logged.push(line) });
    const app = testApp({ ...appOptions(), log, codec: { loopbackWithoutToken: false } });
    const decode = (auth?: string) => {
      const r = request(app).post('/codec/decode').set('X-Namespace', env.namespace);
      return (auth ? r.set('Authorization', auth) : r).send(body);
    };
    const ok = await decode(auditor).expect(200);
    expect(Buffer.from(ok.body.payloads[0].data as string, 'base64').toString()).toContain(SUNITA.accountNumber);
    expect((await decode(otherAuditor)).body.error.code).toBe('TENANT_FORBIDDEN');
    expect((await decode(forged)).body.error.code).toBe('UNAUTHENTICATED');
    expect((await decode(employee)).body.error.code).toBe('FORBIDDEN');
    expect((await decode()).status).toBe(401);
    // Every decode is counted and logged: who asked, how many, which tenant; never what the payloads held.
    const metrics = (await request(app).get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/codec_payloads_total\{operation="decode",outcome="ok"\} 1\b/);
    expect(metrics).toMatch(/codec_payloads_total\{operation="decode",outcome="refused"\} 1\b/);
    const decodes = logged.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.operation === 'decode');
    expect(decodes.map((l) => [l.sub, l.payloads, l.msg])).toEqual([
      ['auditor@ag.odisha', 1, 'codec decode'],
      ['auditor@od.puri', 1, 'codec decode refused'],
    ]);
    expect(leaked(logged.join('\n'), secretsOf(SUNITA))).toEqual([]);
    // Development only: the local Web UI, from loopback and without a token, is let through.
    const dev = testApp(appOptions());
    await request(dev).post('/codec/decode').send(body).expect(200);
    // The Web UI's origin gets CORS; another origin gets no CORS headers at all.
    const preflight = await request(dev)
      .options('/codec/decode')
      .set('Origin', 'http://127.0.0.1:8233')
      .set('Access-Control-Request-Headers', 'content-type,x-namespace,authorization')
      .expect(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('http://127.0.0.1:8233');
    const stranger = await request(dev).options('/codec/decode').set('Origin', 'http://evil.example');
    expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('payload key rotation', () => {
  it('keeps old histories decodable while new payloads use the new key id', async () => {
    const before = await payBill(env.client, env.taskQueue, 'pii-old', SUNITA);
    const dev = testKeySettings(env.namespace).payloads;
    const rotated: PayloadKeys = { current: { id: 'rot-2', key: randomBytes(32) }, old: [dev.current] };
    const converter = platformDataConverter(rotated);
    const client = new Client({
      connection: env.client.connection,
      namespace: env.namespace,
      dataConverter: converter,
    });
    const taskQueue = env.uniqueTaskQueue('pii-rotated');
    const worker = await env.createWorker(taskQueue, { treasury: env.treasury }, { dataConverter: converter });
    const running = worker.run();
    try {
      const after = await payBill(client, taskQueue, 'pii-new', ROTATED);
      const keyIds = (output: string) =>
        new Set(
          [...output.matchAll(/"encryption-key-id":\s*"([^"]+)"/g)].map((m) => Buffer.from(m[1]!, 'base64').toString()),
        );
      const oldRaw = await show(before.workflowId, '--no-json-shorthand-payloads');
      const newRaw = await show(after.workflowId, '--no-json-shorthand-payloads');
      expect(keyIds(oldRaw)).toEqual(new Set([dev.current.id]));
      expect(keyIds(newRaw)).toEqual(new Set(['rot-2']));

      // The codec server on the rotated ring reads both; one still on the old ring cannot read the new.
      const rotatedApp = testApp({ ...appOptions(), payloads: rotated, codec: { loopbackWithoutToken: false } });
      const server = rotatedApp.listen(0, '127.0.0.1');
      const url = await listen(server);
      try {
        const auditor = await bearer(env.tenant.tenantId, 'AUDITOR');
        const through = (id: string, endpoint: string) =>
          show(id, '--codec-endpoint', endpoint, '--codec-auth', auditor);
        expect(leaked(await through(before.workflowId, url), secretsOf(SUNITA))).toEqual(secretsOf(SUNITA));
        expect(leaked(await through(after.workflowId, url), secretsOf(ROTATED))).toEqual(secretsOf(ROTATED));
        expect(leaked(await through(after.workflowId, codecUrl), secretsOf(ROTATED))).toEqual([]);
      } finally {
        server.close();
      }
    } finally {
      worker.shutdown();
      await running;
    }
  });
});

describe('personal data in PostgreSQL', () => {
  it('holds no plaintext account, mobile or name in any table: read model, PI tables, audit logs', async () => {
    const rows = (await env
      .db('information_schema.columns')
      .where({ table_schema: 'public' })
      .whereIn('data_type', ['text', 'jsonb', 'json', 'bytea', 'character varying', 'ARRAY'])
      .select('table_name', 'column_name', 'data_type')) as Array<{
      table_name: string;
      column_name: string;
      data_type: string;
    }>;
    const tables = new Set(rows.map((r) => r.table_name));
    for (const t of ['pi_beneficiaries', 'payment_instructions', 'payments', 'treasury_request_log', 'status_log']) {
      expect(tables.has(t)).toBe(true);
    }
    // The beneficiaries are there (so the scan looks at real rows), under their blind index.
    const stored = await env
      .db('pi_beneficiaries')
      .where({ account_index: env.pii.blindIndex(SUNITA.accountNumber, SUNITA.ifsc) })
      .select('account_number', 'name');
    expect(stored.length).toBeGreaterThanOrEqual(1);
    expect(stored[0]!.account_number).toMatch(/^pii1\./);

    const found: string[] = [];
    for (const r of rows) {
      for (const secret of [...secretsOf(SUNITA), ...secretsOf(ROTATED)]) {
        const hit =
          r.data_type === 'bytea'
            ? await env.db.raw(
                `SELECT 1 FROM "${r.table_name}" WHERE position(?::bytea in "${r.column_name}") > 0 LIMIT 1`,
                [Buffer.from(secret)],
              )
            : await env.db.raw(`SELECT 1 FROM "${r.table_name}" WHERE "${r.column_name}"::text LIKE ? LIMIT 1`, [
                `%${secret}%`,
              ]);
        if ((hit as { rows: unknown[] }).rows.length > 0) found.push(`${r.table_name}.${r.column_name}: ${secret}`);
      }
    }
    expect(found).toEqual([]);
  });
});
