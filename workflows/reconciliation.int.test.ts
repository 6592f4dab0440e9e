import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { readInbox } from '../api/inbox/inbox';
import { appForLifecycleEnv, bearer } from '../api/testing/harness';
import { reconciliationReport } from '../api/read-model/reconciliation-report';
import { originalPiNumber, paymentStateQuery, type ReconciliationTotals } from '../contracts';
import { billNumber, openLifecycleEnv, payee, type LifecycleEnv } from '../test/lifecycle-env';
import { waitFor } from '../test/wait-for';

let env: LifecycleEnv;
beforeAll(async () => {
  env = await openLifecycleEnv({ label: 'reconciliation' });
});
afterAll(async () => {
  await env?.close();
});

const reconcile = (pageSize = 2) =>
  env.client.workflow.execute('reconciliationWorkflow', {
    taskQueue: env.taskQueue,
    workflowId: `test-reconciliation-${Date.now()}-${Math.random().toString(36).slice(2)}`,
    args: [{ lookbackDays: 7, pageSize, pagesPerRun: 1, callsPerSecond: 50, tenantIds: [env.tenant.tenantId] }],
  }) as Promise<ReconciliationTotals>;

const istToday = () => new Date(Date.now() + 330 * 60_000).toISOString().slice(0, 10);

describe('reconciliation with the treasury', () => {
  it('finds a PI we mark FAILED while the treasury pays it, in the table, the inbox and the daily report', async () => {
    const bills = [billNumber('recon'), billNumber('recon'), billNumber('recon')];
    for (const [i, bill] of bills.entries()) {
      const handle = await env.startPayment(env.paymentInput(bill, [payee(`10000000007${i}`, 100_00 * (i + 1))]));
      await waitFor(async () => (await handle.query(paymentStateQuery)).status === 'PAID', `${bill} PAID`);
    }
    // Nothing differs yet.
    expect(await reconcile()).toMatchObject({ compared: 3, differences: 0 });

    // Plant the divergence: our record says FAILED; the treasury paid it.
    const planted = originalPiNumber(env.tenant.tenantId, bills[1]!, 1);
    await env.db('payment_instructions').where({ pi_number: planted }).update({ status: 'FAILED' });
    // Pages of two, continuing as new after each page: the three PIs are still all compared.
    expect(await reconcile()).toMatchObject({ compared: 3, differences: 2 });

    const rows = (await env.db('reconciliation_differences').where({ pi_number: planted }).orderBy('kind')) as Array<{
      kind: string;
      our_status: string;
      treasury_status: string;
    }>;
    expect(rows.map((r) => [r.kind, r.our_status, r.treasury_status])).toEqual([
      ['OURS_FAILED_TREASURY_LIVE', 'FAILED', 'PAID'],
      ['TREASURY_PAID_OURS_PENDING', 'FAILED', 'PAID'],
    ]);
    const inbox = await readInbox(env.db, env.tenant.tenantId, 20);
    expect(inbox.reconciliationDifferences.items.map((d) => [d.piNumber, d.kind])).toEqual([
      [planted, 'OURS_FAILED_TREASURY_LIVE'],
      [planted, 'TREASURY_PAID_OURS_PENDING'],
    ]);
    const report = await reconciliationReport(env.db, env.tenant.tenantId, istToday());
    expect(report.json.differences.map((d) => d.kind)).toEqual([
      'OURS_FAILED_TREASURY_LIVE',
      'TREASURY_PAID_OURS_PENDING',
    ]);
    const csv = report.csv.trim().split('\n');
    expect(csv[0]).toMatch(/^piNumber,billNumber,kind,ourStatus,treasuryStatus/);
    expect(csv.slice(1).every((line) => line.startsWith(`${planted},`))).toBe(true);
    expect(csv).toHaveLength(3);

    const app = appForLifecycleEnv(env);
    const auditor = await bearer(env.tenant.tenantId, 'AUDITOR', 'aud');
    const viaApi = await request(app).get('/api/v1/audit/reconciliation').set('Authorization', auditor).expect(200);
    expect(viaApi.body.differences).toHaveLength(2);
    const csvViaApi = await request(app)
      .get(`/api/v1/audit/reconciliation?date=${istToday()}&format=csv`)
      .set('Authorization', auditor)
      .expect('content-type', /text\/csv/)
      .expect(200);
    expect(csvViaApi.text).toBe(report.csv);

    // It never moved money or changed the PI; once our record agrees again, the differences resolve.
    expect((await env.db('payment_instructions').where({ pi_number: planted }).first()).status).toBe('FAILED');
    await env.db('payment_instructions').where({ pi_number: planted }).update({ status: 'SUCCESSFUL' });
    expect(await reconcile()).toMatchObject({ compared: 3, differences: 0, resolved: 2 });
    expect((await readInbox(env.db, env.tenant.tenantId, 20)).reconciliationDifferences.items).toEqual([]);
  });
});
