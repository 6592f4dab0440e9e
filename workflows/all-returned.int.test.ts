import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appForLifecycleEnv } from '../api/testing/harness';
import { originalPiNumber, paymentStateQuery, type PaymentState } from '../contracts';
import { billNumber, openLifecycleEnv, payee, type LifecycleEnv } from '../test/lifecycle-env';
import { expectStatusesAgree } from '../test/status-agreement';
import { waitFor } from '../test/wait-for';

let env: LifecycleEnv;
let app: Express;
beforeAll(async () => {
  env = await openLifecycleEnv({ label: 'all-returned' });
  app = appForLifecycleEnv(env);
});
afterAll(async () => {
  await env?.close();
});

/** Statuses a PI keeps once its disbursement is settled (paid, returned or superseded). */
const SETTLED = ['SUCCESSFUL', 'PARTIAL', 'RETURNED', 'COMPLETED'];

describe('a PI every beneficiary of which the bank returned', () => {
  it('is RETURNED (not PARTIAL) in all four views while its payment is FAILED', async () => {
    const bill = billNumber('all-returned');
    const handle = await env.startPayment(
      env.paymentInput(bill, [payee('100000003999', 120_00)], { returnsWindowMs: 30_000 }),
    );
    const piNumber = originalPiNumber(env.tenant.tenantId, bill, 1);
    // The sweep may deliver the return before or after the PI's disbursement poll: either way it settles.
    const failed = await waitFor(async () => {
      await env.sweepFailures();
      const state: PaymentState = await handle.query(paymentStateQuery);
      return state.status === 'FAILED' ? state : undefined;
    }, 'payment FAILED');
    expect(failed.beneficiaries).toEqual([
      expect.objectContaining({ status: 'FAILED', piNumber, failureReason: expect.stringMatching(/does not exist/) }),
    ]);
    const settled = await waitFor(
      async () => {
        const row = (await env.db('payment_instructions').where({ pi_number: piNumber }).first()) as
          { status: string } | undefined;
        return row && SETTLED.includes(row.status) ? row.status : undefined;
      },
      `PI ${piNumber} settled in the read model`,
      60_000,
      async () => ({
        pi: await env.db('payment_instructions').where({ pi_number: piNumber }).select('status', 'stuck_stage'),
        payment: (await handle.query(paymentStateQuery)).status,
      }),
    );
    expect(settled).toBe('RETURNED');
    expect(await expectStatusesAgree({ ...env, app, tenantId: env.tenant.tenantId }, bill)).toEqual([
      { kind: 'payment', id: bill, status: 'FAILED' },
      { kind: 'PI', id: piNumber, status: 'RETURNED' },
    ]);
  });
});
