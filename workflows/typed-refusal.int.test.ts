import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  paymentStateQuery,
  supplyCorrectionsUpdate,
  UpdateRefusalCode,
  type CorrectionRequest,
  type PaymentState,
} from '../contracts';
import { billNumber, openLifecycleEnv, payee, type LifecycleEnv } from '../test/lifecycle-env';
import { waitFor } from '../test/wait-for';

let env: LifecycleEnv;
beforeAll(async () => {
  env = await openLifecycleEnv({ label: 'typed-refusal' });
});
afterAll(async () => {
  await env?.close();
});

/**
 * A validator's refusal crosses the real server and the data converter as a typed failure: its
 * `type` is the refusal code and its detail the structured refusal, which is all the API maps by.
 */
describe('update refusals through Temporal', () => {
  it('refuses a second correction of a payee already corrected with a typed refusal naming the field', async () => {
    const handle = await env.startPayment(
      env.paymentInput(billNumber('refusal'), [payee('100000000071', 100_00), payee('100000002999', 150_00)], {
        returnsWindowMs: 30_000,
      }),
    );
    const partial = await waitFor(async () => {
      await env.sweepFailures();
      const state = await handle.query(paymentStateQuery);
      return state.status === 'PARTIAL' ? state : undefined;
    }, 'payment PARTIAL');
    const returned = partial.beneficiaries.find((b) => b.status === 'FAILED')!;
    const correction = (accountNumber: string): CorrectionRequest => ({
      tenantId: env.tenant.tenantId,
      corrections: [{ beneficiaryNumber: returned.beneficiaryNumber, accountNumber, ifsc: 'SBIN0000041' }],
      requestedBy: 'clerk',
    });

    const first = await handle.executeUpdate(supplyCorrectionsUpdate, { args: [correction('100000000072')] });
    expect(first.routes).toEqual({ [returned.beneficiaryNumber]: 'REVISED' });
    const refused = await handle.executeUpdate(supplyCorrectionsUpdate, { args: [correction('100000000073')] }).then(
      () => undefined,
      (err: unknown) => err,
    );

    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    const failure = (refused as WorkflowUpdateFailedError).cause;
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect((failure as ApplicationFailure).type).toBe(UpdateRefusalCode.InvalidCorrections);
    expect((failure as ApplicationFailure).details).toEqual([
      {
        code: UpdateRefusalCode.InvalidCorrections,
        message: `invalid corrections: ${returned.beneficiaryNumber}: has not failed (status PENDING)`,
        fields: [
          {
            beneficiaryNumber: returned.beneficiaryNumber,
            field: 'beneficiaryNumber',
            message: 'has not failed (status PENDING)',
          },
        ],
      },
    ]);

    const paid = await waitFor(
      async () => {
        const state: PaymentState = await handle.query(paymentStateQuery);
        return state.status === 'PAID' ? state : undefined;
      },
      'payment PAID through the first correction',
      60_000,
    );
    expect(paid.beneficiaries.find((b) => b.beneficiaryNumber === returned.beneficiaryNumber)).toMatchObject({
      status: 'SUCCESS',
    });
  });
});
