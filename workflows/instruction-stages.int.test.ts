import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cancelPaymentUpdate,
  instructionWorkflowId,
  originalPiNumber,
  paymentStateQuery,
  pollNowSignal,
  revisedPiNumber,
  supplyCorrectionsUpdate,
  type PaymentState,
} from '../contracts';
import type { DialectInput } from '../simulator/dialect';
import { billNumber, openLifecycleEnv, payee, type LifecycleEnv } from '../test/lifecycle-env';
import { treasurySideViolations } from '../test/treasury-invariants';
import { waitFor } from '../test/wait-for';

/**
 * Issue 12, defects 2 and 4: a revision listens to FTFPS through its returns window (several rounds,
 * beneficiaries FTPS leaves out), and a PI the treasury accepted is never ended by an error we cannot
 * retry away: it stays live, flagged with the reason, polled on, and cannot be cancelled.
 */
let env: LifecycleEnv;
beforeAll(async () => {
  // Returns 1.5 s after payment, so two FTFPS rounds are far apart.
  env = await openLifecycleEnv({
    label: 'pi-stages',
    simulator: {
      delays: { ssuApprovalDelayMs: 200, adviceDelayMs: 200, disbursementDelayMs: 200, returnDelayMs: 1_500 },
    },
  });
});
afterAll(async () => {
  await env?.close();
});

const setDialect = (dialect: DialectInput) =>
  fetch(`${env.simulator.url}/admin/dialect`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(dialect),
  });

const sweep = () =>
  env.client.workflow.execute('failureSweepWorkflow', {
    taskQueue: env.taskQueue,
    workflowId: `test-sweep-${Date.now()}-${Math.random().toString(36).slice(2)}`,
  });

type Handle = { workflowId: string; query: (q: typeof paymentStateQuery) => Promise<PaymentState> };

const explain = (handle: Handle) => async () => ({
  state: await handle.query(paymentStateQuery).catch(String),
  pis: await env
    .db('payment_instructions')
    .where({ payment_workflow_id: handle.workflowId })
    .select('pi_number', 'status', 'error', 'stuck_stage', 'stuck_reason'),
});

/** Sweeps FD until both beneficiaries the bank returns have failed on the original PI. */
const bothReturned = (handle: Handle) =>
  waitFor(
    async () => {
      await sweep();
      const s = await handle.query(paymentStateQuery);
      return s.beneficiaries.filter((b) => b.status === 'FAILED').length === 2 ? s : undefined;
    },
    'both returns of the original PI',
    60_000,
    explain(handle),
  );

describe.each<[string, DialectInput]>([
  ['two FTFPS rounds', { ftfpsRounds: 2 }],
  ['two FTFPS rounds, FTPS leaving the returned out', { ftfpsRounds: 2, ftpsOmitsReturned: true }],
])('a revision under %s', (_name, dialect) => {
  it('hears every bounce of its COR, not only the first', async () => {
    expect((await setDialect(dialect)).status).toBe(200);
    const bill = billNumber('ftfps');
    const handle = await env.startPayment(
      env.paymentInput(
        bill,
        [payee('100000000051', 300_00), payee('100000000999', 200_00), payee('100000000998', 100_00)],
        {
          returnsWindowMs: 15_000,
        },
      ),
    );
    const partial = await bothReturned(handle);
    const failed = partial.beneficiaries.filter((b) => b.status === 'FAILED');
    // Both corrected accounts bounce again (…998), in two FTFPS rounds 1.5 s apart.
    await handle.executeUpdate(supplyCorrectionsUpdate, {
      args: [
        {
          tenantId: env.tenant.tenantId,
          requestedBy: 'test',
          corrections: failed.map((b, i) => ({
            beneficiaryNumber: b.beneficiaryNumber,
            accountNumber: `10000000${i + 1}998`,
            ifsc: 'SBIN0000041',
          })),
        },
      ],
    });
    const cor = revisedPiNumber(env.tenant.tenantId, bill, 1);
    const bounced = await waitFor(
      async () => {
        const s = await handle.query(paymentStateQuery);
        const again = s.beneficiaries.filter((b) => b.piNumber === cor && b.status === 'FAILED');
        return again.length === 2 ? s : undefined;
      },
      'both corrected payments reported returned by FTFPS',
      60_000,
      explain(handle),
    );
    expect(bounced.status).toBe('PARTIAL');
    expect(await treasurySideViolations(env.db, env.simulator, env.tenant.tenantId)).toEqual([]);
    await setDialect({});
  });
});

describe('a PI the treasury accepted, then a poll answered 4xx', () => {
  it('stays live, flagged with the reason, refuses cancel, and goes on when polled again', async () => {
    // The SSU takes 4 s, so the PI sits INITIATED while PIS starts answering HTTP 400.
    await setDialect({ ssuSigning: { minMs: 4_000, maxMs: 4_000 } });
    const bill = billNumber('pis-4xx');
    const pi = originalPiNumber(env.tenant.tenantId, bill, 1);
    const handle = await env.startPayment(env.paymentInput(bill, [payee('100000000061', 900_00)]));
    await waitFor(
      async () => (await env.db('payment_instructions').where({ pi_number: pi }).first())?.status === 'INITIATED',
      'the PI accepted',
      60_000,
      explain(handle),
    );
    await setDialect({ pollClientErrorRate: 1 });
    const row = await waitFor(
      async () => {
        const r = (await env.db('payment_instructions').where({ pi_number: pi }).first()) as
          { status: string; stuck_stage: string | null; stuck_reason: string | null } | undefined;
        return r?.stuck_stage ? r : undefined;
      },
      'the PI flagged with the reason',
      60_000,
      explain(handle),
    );
    expect(row).toMatchObject({
      status: 'INITIATED',
      stuck_stage: 'SANCTION',
      stuck_reason: expect.stringMatching(/400/),
    });
    const piHandle = env.client.workflow.getHandle(instructionWorkflowId(env.tenant.tenantId, pi));
    expect((await piHandle.describe()).status.name).toBe('RUNNING');
    // The row is flagged before the workflow upserts its search attribute, and visibility may lag behind.
    const piStatus = await waitFor(
      async () => {
        const status = (await piHandle.describe()).searchAttributes.PiStatus;
        return status?.[0] === 'STUCK_SANCTION' ? status : undefined;
      },
      'the PI search attribute flagged',
      30_000,
    );
    expect(piStatus).toEqual(['STUCK_SANCTION']);
    await expect(
      handle.executeUpdate(cancelPaymentUpdate, { args: [{ reason: 'changed my mind', requestedBy: 'employee' }] }),
    ).rejects.toThrow();
    expect((await handle.query(paymentStateQuery)).status).toBe('IN_PROGRESS');

    // The treasury answers again; an operator asks for a poll now instead of waiting.
    await setDialect({});
    await piHandle.signal(pollNowSignal);
    await waitFor(
      async () => (await handle.query(paymentStateQuery)).status === 'PAID',
      'payment PAID',
      60_000,
      explain(handle),
    );
    expect((await env.db('payment_instructions').where({ pi_number: pi }).first()).stuck_stage).toBeNull();
    expect(await treasurySideViolations(env.db, env.simulator, env.tenant.tenantId)).toEqual([]);
  });
});

describe('at most one live COR per original PI', () => {
  it('refuses a second correction of the same original PI while the first is live, with the reason', async () => {
    await setDialect({});
    const bill = billNumber('one-cor');
    const handle = await env.startPayment(
      env.paymentInput(
        bill,
        [payee('100000000081', 300_00), payee('100000000999', 200_00), payee('100000000998', 100_00)],
        { returnsWindowMs: 20_000 },
      ),
    );
    const partial = await bothReturned(handle);
    const [first, second] = partial.beneficiaries.filter((b) => b.status === 'FAILED');
    const correct = (beneficiaryNumber: string, accountNumber: string) =>
      handle.executeUpdate(supplyCorrectionsUpdate, {
        args: [
          {
            tenantId: env.tenant.tenantId,
            requestedBy: 'test',
            corrections: [{ beneficiaryNumber, accountNumber, ifsc: 'SBIN0000041' }],
          },
        ],
      });
    // FTPS answers 400 from now on, so the first COR stays live (flagged, polled on).
    await setDialect({ pollClientErrorRate: 1 });
    await correct(first!.beneficiaryNumber, '100000000082');
    const cor1 = revisedPiNumber(env.tenant.tenantId, bill, 1);
    await waitFor(
      async () =>
        ((await env.db('payment_instructions').where({ pi_number: cor1 }).first()) as { stuck_stage: string | null })
          ?.stuck_stage,
      'the first COR accepted and flagged',
      60_000,
      explain(handle),
    );
    await correct(second!.beneficiaryNumber, '100000000083');
    const cor2 = revisedPiNumber(env.tenant.tenantId, bill, 2);
    const refused = await waitFor(
      async () => {
        const s = await handle.query(paymentStateQuery);
        const b = s.beneficiaries.find((x) => x.beneficiaryNumber === second!.beneficiaryNumber);
        return b?.piNumber === cor2 && b.status === 'FAILED' ? b : undefined;
      },
      'the second COR refused',
      60_000,
      explain(handle),
    );
    expect(refused.failureReason).toMatch(new RegExp(`${cor1}.*still live.*at most one live COR`));
    expect(env.simulator.state.correction(cor2)).toBeUndefined();
    expect((await env.db('payment_instructions').where({ pi_number: cor1 }).first()).status).toBe('INITIATED');

    await setDialect({});
    await env.client.workflow.getHandle(instructionWorkflowId(env.tenant.tenantId, cor1)).signal(pollNowSignal);
    await waitFor(
      async () =>
        (await handle.query(paymentStateQuery)).beneficiaries.find(
          (b) => b.beneficiaryNumber === first!.beneficiaryNumber,
        )?.status === 'SUCCESS',
      'the first COR paid once FTPS answers again',
      60_000,
      explain(handle),
    );
    expect(await treasurySideViolations(env.db, env.simulator, env.tenant.tenantId)).toEqual([]);
  });
});
