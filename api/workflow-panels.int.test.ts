import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { paymentWorkflowId } from '../contracts';
import { resolveTemporalCli } from '../scripts/lib/temporal-dev-server';
import { createTestTenant, GENERAL_HOA, type TestTenant } from '../test/funds-fixtures';
import { openIntegrationEnv } from '../test/integration-env';
import { billNumber, payee } from '../test/lifecycle-env';
import { listen } from '../security/testing/temporal-cli';
import { appWithoutWorker, bearer } from './testing/harness';

const run = promisify(execFile);
let env: Awaited<ReturnType<typeof openIntegrationEnv>>;
let tenant: TestTenant;
let app: Express;
const started: string[] = [];

beforeAll(async () => {
  env = await openIntegrationEnv();
  tenant = await createTestTenant(env.db);
  // The panels are set when the workflow starts, before any task runs.
  app = appWithoutWorker(env, 'panels', {
    publicUrls: { api: 'https://ifms.example.gov.in', temporalUi: 'http://ui.example', namespace: env.namespace },
  });
});
afterAll(async () => {
  for (const id of started) {
    await env.client.workflow
      .getHandle(id)
      .terminate('test over')
      .catch(() => undefined);
  }
  await env?.close();
});

describe('the Web UI’s Summary and Details panels of a payment', () => {
  it('are filled in at start: bill, tenant, amount, how many payees; heads of account and API links', async () => {
    const bill = billNumber('panels');
    await request(app)
      .post('/api/v1/payments')
      .set('Authorization', await bearer(tenant.tenantId, 'EMPLOYEE', 'asha@od.angul'))
      .set('Idempotency-Key', `panels-${bill}`)
      .send({
        billNumber: bill,
        headOfAccountCodes: [GENERAL_HOA],
        beneficiaries: [payee('100000000211', 12_345_67), payee('100000000212', 1_000_00)],
      })
      .expect(202);
    const workflowId = paymentWorkflowId(tenant.tenantId, bill);
    started.push(workflowId);
    const described = await env.client.workflow.getHandle(workflowId).describe();
    const summary = await described.staticSummary();
    const details = await described.staticDetails();
    expect(summary).toBe(`Bill ${bill} · ${tenant.tenantId} · ₹13,345.67 to 2 beneficiaries`);
    const hoaName = ((await env.db('heads_of_account').where({ code: GENERAL_HOA }).first('name')) as { name: string })
      .name;
    expect(details).toContain(`- \`${GENERAL_HOA}\` ${hoaName}`);
    expect(details).toContain(`[payment](https://ifms.example.gov.in/api/v1/payments/${encodeURIComponent(bill)})`);
    expect(details).toContain('(1334567 paise)');
    // Personal data stays out of the panels: no payee names or account numbers.
    for (const text of [summary, details]) {
      expect(text).not.toMatch(/Payee|100000000211|100000000212/);
    }
    // What an operator sees with the CLI: the panels are payloads, so encrypted at rest like every other,
    // and readable through the API's codec server with an operator's token.
    const cli = (...extra: string[]) =>
      run(resolveTemporalCli(path.resolve(__dirname, '..')), [
        'workflow',
        'describe',
        '--address',
        inject('temporalAddress'),
        '--namespace',
        env.namespace,
        '--workflow-id',
        workflowId,
        ...extra,
      ]);
    const expected = `Bill ${bill} · ${tenant.tenantId} · ₹13,345.67 to 2 beneficiaries`;
    expect((await cli()).stdout).not.toContain(expected);
    const server = app.listen(0, '127.0.0.1');
    try {
      const endpoint = await listen(server);
      const ops = await bearer(tenant.tenantId, 'TREASURY_OPS', 'ravi@od.angul');
      const { stdout } = await cli('--codec-endpoint', endpoint, '--codec-auth', ops);
      expect(stdout).toContain(expected);
    } finally {
      server.close();
    }
  });
});
