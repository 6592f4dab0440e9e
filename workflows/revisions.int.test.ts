import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appForLifecycleEnv } from '../api/testing/harness';
import { originalPiNumber, paymentStateQuery, supplyCorrectionsUpdate, type PaymentState } from '../contracts';
import { openBeneficiary } from '../db/pii/beneficiaries';
import { recordHistoryIfAsked } from '../test/histories';
import { billNumber, openLifecycleEnv, payee, type LifecycleEnv } from '../test/lifecycle-env';
import { expectStatusesAgree } from '../test/status-agreement';
import { waitFor } from '../test/wait-for';

let env: LifecycleEnv;
let app: Express;
const agreed = (bill: string) => expectStatusesAgree({ ...env, app, tenantId: env.tenant.tenantId }, bill);
beforeAll(async () => {
  env = await openLifecycleEnv({ label: 'revisions' });
  app = appForLifecycleEnv(env);
});
afterAll(async () => {
  await env?.close();
});

const sweep = () => env.sweepFailures();

async function sweepUntil(handle: { query: (q: typeof paymentStateQuery) => Promise<PaymentState> }, status: string) {
  return waitFor(async () => {
    await sweep();
    const state = await handle.query(paymentStateQuery);
    return state.status === status ? state : undefined;
  }, `payment ${status}`);
}

/** An update refused by its validator surfaces as WorkflowUpdateFailedError whose cause carries the reason. */
async function refusal(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e as { cause?: { message?: string } },
  );
  if (!err) throw new Error('the update was accepted');
  return err.cause?.message ?? '';
}

/** What a stuck payment looks like: its state, and every PI row with its error. */
function explain(workflowId: string) {
  return async () => ({
    state: await env.client.workflow.getHandle(workflowId).query(paymentStateQuery),
    pis: await env
      .db('payment_instructions')
      .where({ payment_workflow_id: workflowId })
      .select('pi_number', 'status', 'error', 'stuck_stage'),
  });
}

async function corCount(piNumber: string): Promise<number> {
  const res = await fetch(`${env.simulator.url}/admin/received`);
  return ((await res.json()) as { COR: Record<string, number> }).COR[piNumber] ?? 0;
}

describe('returns and revised PIs', () => {
  it('routes FD returns to the PI (PARTIAL), takes corrections, pays them by COR, and revises a revision', async () => {
    const bill = billNumber('returns');
    const handle = await env.startPayment(
      env.paymentInput(bill, [payee('100000000051', 300_00), payee('100000000999', 200_00)], {
        returnsWindowMs: 30_000,
      }),
    );
    const partial = await sweepUntil(handle, 'PARTIAL');
    const returned = partial.beneficiaries.find((b) => b.status === 'FAILED')!;
    expect(returned).toMatchObject({
      status: 'FAILED',
      failureReason: expect.stringMatching(/Account does not exist/),
    });
    const originalPi = returned.piNumber!;
    expect((await env.db('payment_instructions').where({ pi_number: originalPi }).first()).status).toBe('PARTIAL');
    expect((await agreed(bill)).map((s) => s.status)).toEqual(['PARTIAL', 'PARTIAL']);

    // Bad corrections are refused by the update's validator and change nothing.
    expect(
      await refusal(
        handle.executeUpdate(supplyCorrectionsUpdate, {
          args: [
            {
              tenantId: 'other.tenant',
              corrections: [
                { beneficiaryNumber: returned.beneficiaryNumber, accountNumber: '100000000052', ifsc: 'SBIN0000041' },
              ],
              requestedBy: 't',
            },
          ],
        }),
      ),
    ).toMatch(/another tenant/);
    expect(
      await refusal(
        handle.executeUpdate(supplyCorrectionsUpdate, {
          args: [
            {
              tenantId: env.tenant.tenantId,
              corrections: [{ beneficiaryNumber: returned.beneficiaryNumber, accountNumber: '12', ifsc: 'bad' }],
              requestedBy: 't',
            },
          ],
        }),
      ),
    ).toMatch(/IFSC must match.*account number must be 9 to 18 digits/);
    const paid = partial.beneficiaries.find((b) => b.status === 'SUCCESS')!;
    expect(
      await refusal(
        handle.executeUpdate(supplyCorrectionsUpdate, {
          args: [
            {
              tenantId: env.tenant.tenantId,
              corrections: [
                { beneficiaryNumber: paid.beneficiaryNumber, accountNumber: '100000000053', ifsc: 'SBIN0000041' },
              ],
              requestedBy: 't',
            },
          ],
        }),
      ),
    ).toMatch(/has not failed/);

    // First correction goes to an account the bank will return again (…998), so FTFPS reports it.
    const first = await handle.executeUpdate(supplyCorrectionsUpdate, {
      args: [
        {
          tenantId: env.tenant.tenantId,
          corrections: [
            { beneficiaryNumber: returned.beneficiaryNumber, accountNumber: '100000000998', ifsc: 'SBIN0000041' },
          ],
          requestedBy: 'clerk',
        },
      ],
    });
    expect(first.routes).toEqual({ [returned.beneficiaryNumber]: 'REVISED' });
    const again = await waitFor(async () => {
      const s = await handle.query(paymentStateQuery);
      const b = s.beneficiaries.find((x) => x.beneficiaryNumber === returned.beneficiaryNumber)!;
      return b.status === 'FAILED' && b.piNumber !== originalPi ? s : undefined;
    }, 'the revision to fail through FTFPS');
    const firstRevision = again.beneficiaries.find(
      (b) => b.beneficiaryNumber === returned.beneficiaryNumber,
    )!.piNumber!;
    expect(firstRevision).toMatch(/^COR\//);
    expect(await corCount(firstRevision)).toBe(1);
    // The original is superseded (COMPLETED) everywhere; the revision, whose only beneficiary failed, is RETURNED.
    expect(await agreed(bill)).toEqual([
      { kind: 'payment', id: bill, status: 'PARTIAL' },
      { kind: 'PI', id: originalPi, status: 'COMPLETED' },
      { kind: 'PI', id: firstRevision, status: 'RETURNED' },
    ]);

    // Second correction: a good account; the second COR names the original PI and the first revision as current.
    await handle.executeUpdate(supplyCorrectionsUpdate, {
      args: [
        {
          tenantId: env.tenant.tenantId,
          corrections: [
            { beneficiaryNumber: returned.beneficiaryNumber, accountNumber: '100000000054', ifsc: 'HDFC0001234' },
          ],
          requestedBy: 'clerk',
        },
      ],
    });
    const done = await waitFor(
      async () => {
        const s = await handle.query(paymentStateQuery);
        return s.status === 'PAID' ? s : undefined;
      },
      'payment PAID after the second revision',
      60_000,
      explain(handle.workflowId),
    );
    const repaid = done.beneficiaries.find((b) => b.beneficiaryNumber === returned.beneficiaryNumber)!;
    expect(repaid).toMatchObject({ status: 'SUCCESS', beneficiaryNumber: returned.beneficiaryNumber });
    expect(repaid).not.toHaveProperty('accountNumber'); // bank details live in PostgreSQL, not in the state
    const secondRevision = repaid.piNumber!;
    // The revision names the failed PI it corrects (the API's correctsPiNumber).
    expect(await env.db('payment_instructions').where({ pi_number: secondRevision }).first()).toMatchObject({
      original_pi_number: originalPi,
      corrects_pi_number: firstRevision,
    });
    const sealed = (await env.db('pi_beneficiaries').where({ pi_number: secondRevision })) as Array<
      Parameters<typeof openBeneficiary>[1]
    >;
    // Stored encrypted; opened, they are exactly what COR sent.
    expect(sealed[0]!.account_number).toMatch(/^pii1\./);
    const rows = sealed.map((r) => openBeneficiary(env.pii, r));
    expect(rows[0]).toMatchObject({
      org_account_number: '100000000999',
      cur_pi_number: firstRevision,
      cur_account_number: '100000000998',
      account_number: '100000000054',
      ifsc: 'HDFC0001234',
    });
    expect(await corCount(secondRevision)).toBe(1);
    // The first revision had closed (its only beneficiary failed) before the second superseded it: it stays
    // RETURNED everywhere rather than COMPLETED in the read model alone.
    expect((await agreed(bill)).map((s) => s.status)).toEqual(['PAID', 'COMPLETED', 'RETURNED', 'SUCCESSFUL']);
    // Revisions move no money in our ledger (legacy §3.4): only the original PI's debit.
    const entries = await env.db('ledger_entries').where('cause_key', 'like', `%${bill}%`);
    expect(entries.map((e: { kind: string }) => e.kind)).toEqual(['DEBIT']);
    await recordHistoryIfAsked(env.client, handle.workflowId, 'payment-returns-and-revisions');
  });

  it('sends corrections outside the correction window to a fresh original PI, continuing as new on the way', async () => {
    const bill = billNumber('window');
    const handle = await env.startPayment(
      env.paymentInput(bill, [payee('100000000061', 100_00), payee('100000001999', 150_00)], {
        returnsWindowMs: 5_000,
        correctionWindowDays: 0,
        // A tiny history budget makes the payment continue as new between steps, as a long one would.
        historyEventsBeforeContinueAsNew: 20,
      }),
    );
    const partial = await sweepUntil(handle, 'PARTIAL');
    const returned = partial.beneficiaries.find((b) => b.status === 'FAILED')!;
    const result = await handle.executeUpdate(supplyCorrectionsUpdate, {
      args: [
        {
          tenantId: env.tenant.tenantId,
          corrections: [
            { beneficiaryNumber: returned.beneficiaryNumber, accountNumber: '100000000062', ifsc: 'SBIN0000041' },
          ],
          requestedBy: 'clerk',
        },
      ],
    });
    expect(result.routes).toEqual({ [returned.beneficiaryNumber]: 'ORIGINAL' });
    const done = await waitFor(async () => {
      const s = await handle.query(paymentStateQuery);
      return s.status === 'PAID' ? s : undefined;
    }, 'payment PAID through a fresh PI');
    const fresh = done.beneficiaries.find((b) => b.beneficiaryNumber === returned.beneficiaryNumber)!.piNumber!;
    expect(fresh).toBe(originalPiNumber(env.tenant.tenantId, bill, 2));
    const pi = await env.db('payment_instructions').where({ pi_number: fresh }).first();
    expect(pi).toMatchObject({ kind: 'ORIGINAL', status: 'SUCCESSFUL', amount_paise: 150_00 });
    const runs = await env.client.workflow.count(`WorkflowId = "${handle.workflowId}"`);
    expect(runs.count).toBeGreaterThan(1);
    expect((await env.client.workflow.getHandle(handle.workflowId).result()).status).toBe('PAID');
  });

  it('credits returned money back to the sanction when the policy says so', async () => {
    const bill = billNumber('credit');
    const handle = await env.startPayment(
      env.paymentInput(bill, [payee('100000000071', 400_00), payee('100000002999', 250_00)], {
        returnsWindowMs: 30_000,
        creditReturnsToSanction: true,
      }),
    );
    await sweepUntil(handle, 'PARTIAL');
    const entries = (await env
      .db('ledger_entries')
      .where('cause_key', 'like', `%${originalPiNumber(env.tenant.tenantId, bill, 1)}%`)
      .orderBy('id')
      .select('kind', 'amount_paise')) as Array<{ kind: string; amount_paise: number }>;
    expect(entries.map((e) => [e.kind, e.amount_paise])).toEqual([
      ['DEBIT', 650_00],
      ['REVERSAL', 250_00],
    ]);
  });
});
