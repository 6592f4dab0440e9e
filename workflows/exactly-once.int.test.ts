import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { readInbox } from '../api/inbox/inbox';
import { appForLifecycleEnv, bearer } from '../api/testing/harness';
import {
  instructionWorkflowId,
  originalPiNumber,
  paymentStateQuery,
  revisedPiNumber,
  settleUnconfirmedUpdate,
  supplyCorrectionsUpdate,
  type PaymentState,
} from '../contracts';
import { ADVERSARIAL_DIALECT, type DialectInput } from '../simulator/dialect';
import { recordHistoryIfAsked } from '../test/histories';
import { billNumber, openLifecycleEnv, payee, type LifecycleEnv } from '../test/lifecycle-env';
import { treasurySideViolations } from '../test/treasury-invariants';
import { waitFor } from '../test/wait-for';

/**
 * Exactly once at the treasury whatever it says: every test runs under the faithful dialect and under
 * an adversarial one (the first answer per number lost after commit, another duplicate wording and
 * code, SSU signing after ~3 s, PIS unable to tell an unknown bill from an unsigned one).
 */
let env: LifecycleEnv;
beforeAll(async () => {
  env = await openLifecycleEnv({ label: 'exactly-once' });
});
afterAll(async () => {
  await env?.close();
});

const admin = (path: string, body?: unknown) =>
  fetch(`${env.simulator.url}/admin/${path}`, {
    method: body === undefined ? 'DELETE' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

const sweep = () =>
  env.client.workflow.execute('failureSweepWorkflow', {
    taskQueue: env.taskQueue,
    workflowId: `test-sweep-${Date.now()}-${Math.random().toString(36).slice(2)}`,
  });

type Handle = { workflowId: string; query: (q: typeof paymentStateQuery) => Promise<PaymentState> };

function explain(handle: Handle) {
  return async () => ({
    state: await handle.query(paymentStateQuery).catch(String),
    pis: await env
      .db('payment_instructions')
      .where({ payment_workflow_id: handle.workflowId })
      .select('pi_number', 'status', 'error', 'stuck_stage', 'stuck_evidence'),
    received: await (await fetch(`${env.simulator.url}/admin/received`)).json(),
  });
}

/** Waits for a payment status; a payment that ends FAILED meanwhile fails the test at once. */
async function until(handle: Handle, status: string, opts: { sweep?: boolean } = {}) {
  return waitFor(
    async () => {
      if (opts.sweep) await sweep();
      const state = await handle.query(paymentStateQuery);
      if (state.status === 'FAILED' && status !== 'FAILED')
        throw new Error(`payment FAILED: ${JSON.stringify(await explain(handle)())}`);
      return state.status === status ? state : undefined;
    },
    `payment ${status}`,
    120_000,
    explain(handle),
  );
}

/** The lost answer really happened: the instruction was UNCONFIRMED before the treasury's records settled it. */
async function wentThroughUnconfirmed(number: string): Promise<boolean> {
  const rows = (await env.db('status_log').where({ subject_id: number }).orderBy('id').select('status')) as Array<{
    status: string;
  }>;
  const statuses = rows.map((r) => r.status);
  return statuses.includes('UNCONFIRMED') && statuses.indexOf('UNCONFIRMED') < statuses.indexOf('INITIATED');
}

/** The arguments of every update the workflow accepted, decrypted and decoded: what its history says was asked, by whom. */
async function acceptedUpdates(handle: { fetchHistory: () => Promise<{ events?: unknown[] | null }> }) {
  const { events } = await handle.fetchHistory();
  const codecs = env.dataConverter.payloadCodecs ?? [];
  const found: Array<{ name?: string; args: unknown[] }> = [];
  for (const e of events ?? []) {
    const accepted = (e as { workflowExecutionUpdateAcceptedEventAttributes?: { acceptedRequest?: unknown } })
      .workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest as
      { input?: { name?: string; args?: { payloads?: Payload[] } } } | undefined;
    if (!accepted?.input) continue;
    let payloads = accepted.input.args?.payloads ?? [];
    for (const codec of [...codecs].reverse()) payloads = await codec.decode(payloads);
    found.push({ name: accepted.input.name, args: payloads.map((p) => defaultPayloadConverter.fromPayload(p)) });
  }
  return found;
}

const DIALECTS: Array<[string, DialectInput]> = [
  ['faithful', {}],
  ['adversarial', ADVERSARIAL_DIALECT],
];

describe.each(DIALECTS)('exactly once under the %s dialect', (name, dialect) => {
  beforeAll(async () => {
    expect((await admin('dialect', dialect)).status).toBe(200);
  });
  afterAll(async () => {
    await admin('dialect');
  });

  it('one accepted PI and the payment PAID, even when the answer to the post is lost', async () => {
    const bill = billNumber(`once-${name}`);
    const handle = await env.startPayment(
      env.paymentInput(bill, [payee('100000000011', 500_00), payee('100000000012', 250_00)]),
    );
    await until(handle, 'PAID');
    const pi = originalPiNumber(env.tenant.tenantId, bill, 1);
    expect(env.simulator.state.paymentInstruction(pi)).toBeDefined();
    expect(env.simulator.state.paymentInstruction(originalPiNumber(env.tenant.tenantId, bill, 2))).toBeUndefined();
    if (name === 'adversarial') {
      expect(await wentThroughUnconfirmed(pi)).toBe(true);
      const piWorkflow = instructionWorkflowId(env.tenant.tenantId, pi);
      await env.client.workflow.getHandle(piWorkflow).result();
      await recordHistoryIfAsked(env.client, piWorkflow, 'payment-instruction-unconfirmed');
    }
    expect(await treasurySideViolations(env.db, env.simulator, env.tenant.tenantId)).toEqual([]);
  });

  it('one accepted COR and the payment PAID, even when the answer to the COR is lost', async () => {
    const bill = billNumber(`cor-${name}`);
    const handle = await env.startPayment(
      env.paymentInput(bill, [payee('100000000021', 300_00), payee('100000000999', 200_00)], {
        returnsWindowMs: 20_000,
      }),
    );
    const partial = await until(handle, 'PARTIAL', { sweep: true });
    const returned = partial.beneficiaries.find((b) => b.status === 'FAILED')!;
    await handle.executeUpdate(supplyCorrectionsUpdate, {
      args: [
        {
          tenantId: env.tenant.tenantId,
          requestedBy: 'test',
          corrections: [
            { beneficiaryNumber: returned.beneficiaryNumber, accountNumber: '100000000022', ifsc: 'SBIN0000041' },
          ],
        },
      ],
    });
    await until(handle, 'PAID');
    const cor = revisedPiNumber(env.tenant.tenantId, bill, 1);
    expect(env.simulator.state.correction(cor)).toBeDefined();
    expect(env.simulator.state.correction(revisedPiNumber(env.tenant.tenantId, bill, 2))).toBeUndefined();
    if (name === 'adversarial') expect(await wentThroughUnconfirmed(cor)).toBe(true);
    expect(await treasurySideViolations(env.db, env.simulator, env.tenant.tenantId)).toEqual([]);
  });

  it('never lets a correction start a second live instruction for a beneficiary the treasury holds', async () => {
    const bill = billNumber(`twice-${name}`);
    const handle = await env.startPayment(
      env.paymentInput(bill, [payee('100000000031', 400_00), payee('100000000032', 100_00)]),
    );
    const pi = originalPiNumber(env.tenant.tenantId, bill, 1);
    // Whatever our record says once the post has happened, the treasury holds the PI.
    await waitFor(
      async () => {
        const row = (await env.db('payment_instructions').where({ pi_number: pi }).first()) as
          { status: string } | undefined;
        return row && !['PREPARED', 'POSTING'].includes(row.status) && env.simulator.state.paymentInstruction(pi);
      },
      'the post to have happened',
      60_000,
      explain(handle),
    );
    const state = await handle.query(paymentStateQuery);
    const attempt = handle.executeUpdate(supplyCorrectionsUpdate, {
      args: [
        {
          tenantId: env.tenant.tenantId,
          requestedBy: 'employee',
          corrections: [
            {
              beneficiaryNumber: state.beneficiaries[0]!.beneficiaryNumber,
              accountNumber: '100000000033',
              ifsc: 'SBIN0000041',
            },
          ],
        },
      ],
    });
    await expect(attempt).rejects.toThrow();
    await until(handle, 'PAID');
    expect(env.simulator.state.paymentInstruction(originalPiNumber(env.tenant.tenantId, bill, 2))).toBeUndefined();
    expect(await treasurySideViolations(env.db, env.simulator, env.tenant.tenantId)).toEqual([]);
  });
});

describe('operator settlement of an unconfirmed PI', () => {
  afterAll(async () => {
    await admin('faults');
  });

  it('flags it past the deadline with the evidence, and releases it only on an operator update naming who and why', async () => {
    const bill = billNumber('settle');
    const pi = originalPiNumber(env.tenant.tenantId, bill, 1);
    // The treasury never sees anything: every connection is cut before it is handled.
    expect((await admin('faults', { resetRate: 1 })).status).toBe(200);
    const handle = await env.startPayment(
      env.paymentInput(bill, [payee('100000000041', 700_00)], {
        confirmation: { initialIntervalMs: 100, maximumIntervalMs: 500, deadlineMs: 2_000 },
      }),
    );
    const row = await waitFor(
      async () => {
        const r = (await env.db('payment_instructions').where({ pi_number: pi }).first()) as
          { status: string; stuck_stage: string | null; stuck_evidence: { attempts?: number } | null } | undefined;
        return r?.stuck_stage === 'CONFIRMATION' ? r : undefined;
      },
      'the PI flagged past its confirmation deadline',
      60_000,
      explain(handle),
    );
    expect(row.status).toBe('UNCONFIRMED');
    expect(row.stuck_evidence?.attempts).toBeGreaterThanOrEqual(1);
    const inbox = await readInbox(env.db, env.tenant.tenantId, 50);
    expect(inbox.stuckInstructions.items.find((i) => i.piNumber === pi)).toMatchObject({
      stuckStage: 'CONFIRMATION',
      evidence: expect.objectContaining({ attempts: expect.any(Number) }),
    });
    const piHandle = env.client.workflow.getHandle(instructionWorkflowId(env.tenant.tenantId, pi));
    // The flag activity writes the row; the workflow's upsert follows in its next task.
    const stuck = await waitFor(
      async () => {
        const { searchAttributes } = await piHandle.describe();
        return searchAttributes.PiStatus?.[0] === 'STUCK_CONFIRMATION' ? searchAttributes : undefined;
      },
      'the PI workflow upserting PiStatus STUCK_CONFIRMATION',
      10_000,
    );
    expect(stuck.PiStatus).toEqual(['STUCK_CONFIRMATION']);
    // The funds are still reserved, and nobody may release it without saying who and why.
    expect((await env.db('fund_reservations').where({ reservation_key: pi }).first()).status).toBe('RESERVED');
    await expect(
      piHandle.executeUpdate(settleUnconfirmedUpdate, { args: [{ requestedBy: 'ops@treasury', reason: ' ' }] }),
    ).rejects.toThrow();
    const reason = `treasury (desk officer, ticket 42) confirms it does not hold ${pi}`;
    // Treasury operations release it through the API; the token's subject is who.
    const app = appForLifecycleEnv(env);
    const ops = await bearer(env.tenant.tenantId, 'TREASURY_OPS', 'ops@treasury');
    const path = `/api/v1/payment-instructions/${encodeURIComponent(pi)}/actions/release-unconfirmed`;
    await request(app).post(path).set('Authorization', ops).send({}).expect(400);
    const employee = await bearer(env.tenant.tenantId, 'EMPLOYEE', 'emp');
    await request(app).post(path).set('Authorization', employee).send({ reason }).expect(403);
    const settled = await request(app).post(path).set('Authorization', ops).send({ reason }).expect(200);
    expect(settled.body).toMatchObject({ status: 'FAILED' });
    // A second release finds nothing UNCONFIRMED.
    await request(app).post(path).set('Authorization', ops).send({ reason }).expect(409);
    await until(handle, 'FAILED');
    expect((await env.db('fund_reservations').where({ reservation_key: pi }).first()).status).toBe('RELEASED');
    const audit = (await env.db('status_log').where({ subject_id: pi, status: 'FAILED' }).first()) as {
      detail: Record<string, unknown>;
    };
    expect(audit.detail).toMatchObject({ settledBy: 'ops@treasury', reason });
    expect(await acceptedUpdates(piHandle)).toContainEqual({
      name: 'settleUnconfirmed',
      args: [{ requestedBy: 'ops@treasury', reason }],
    });
    await admin('faults');
    expect(await treasurySideViolations(env.db, env.simulator, env.tenant.tenantId)).toEqual([]);
    await piHandle.result();
    await recordHistoryIfAsked(env.client, piHandle.workflowId, 'payment-instruction-operator-release');
  });
});
