import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelPaymentUpdate, originalPiNumber, paymentStateQuery, ScheduleId, SearchAttr } from '../contracts';
import { fundRegister, ledgerMismatches } from '../db/funds/register';
import { GENERAL_HOA } from '../test/funds-fixtures';
import { recordHistoryIfAsked } from '../test/histories';
import { billNumber, openLifecycleEnv, payee, type LifecycleEnv } from '../test/lifecycle-env';
import { waitFor } from '../test/wait-for';
import { ensureSchedules } from '../workers/schedules';

let env: LifecycleEnv;
beforeAll(async () => {
  // The treasury holds ₹1,000 for this tenant; our ledger starts empty and learns it from VA.
  env = await openLifecycleEnv({ label: 'funds', sanctionPaise: 1_000_00, fundLedger: false });
  await ensureSchedules(env.client, {
    taskQueue: env.taskQueue,
    fundsSyncEveryMs: 24 * 3600_000,
    failureSweepEveryMs: 24 * 3600_000,
    fundsSyncScope: { tenantIds: [env.tenant.tenantId] },
  });
});
afterAll(async () => {
  for (const id of Object.values(ScheduleId))
    await env?.client.schedule
      .getHandle(id)
      .delete()
      .catch(() => undefined);
  await env?.close();
});

async function triggerFundsSync(): Promise<void> {
  const keySync = `WorkflowId = "funds-sync:${env.tenant.tenantId}:${env.tenant.ssuId}:${GENERAL_HOA}" AND ExecutionStatus = "Completed"`;
  const before = (await env.client.workflow.count(keySync)).count;
  await env.client.schedule.getHandle(ScheduleId.fundsSync).trigger();
  await waitFor(async () => (await env.client.workflow.count(keySync)).count > before, 'the key sync to complete');
}

/** What the treasury itself says is left to spend on the sanction. */
const treasuryAvailable = () => env.simulator.state.availablePaise(env.master);

describe('funds from VA, and payments waiting for them', () => {
  it('syncs the simulator allotments through the schedule; the ledger and register match to the paisa, twice over', async () => {
    const schedule = await env.client.schedule.getHandle(ScheduleId.fundsSync).describe();
    expect(schedule.scheduleId).toBe('funds-sync');
    await triggerFundsSync();
    const [sanction] = await fundRegister(env.db, { tenantId: env.tenant.tenantId });
    expect(sanction).toMatchObject({
      masterAllotmentId: env.master,
      allottedPaise: 1_000_00,
      availablePaise: 1_000_00,
    });
    expect(sanction!.availablePaise).toBe(treasuryAvailable());
    await triggerFundsSync(); // a re-run duplicates nothing
    const [again] = await fundRegister(env.db, { tenantId: env.tenant.tenantId });
    expect(again!.entries).toHaveLength(1);
    expect(again!.availablePaise).toBe(1_000_00);
  });

  it('waits durably for funds, is woken by a new allotment, and pays', async () => {
    const bill = billNumber('wait');
    const handle = await env.startPayment(env.paymentInput(bill, [payee('100000000071', 1_500_00)]));
    await waitFor(async () => (await handle.query(paymentStateQuery)).status === 'AWAITING_FUNDS', 'AWAITING_FUNDS');
    const waiting = await handle.describe();
    expect(waiting.typedSearchAttributes.get(SearchAttr.awaitingSince)).toBeInstanceOf(Date);
    expect(await env.db('funds_waiters').where({ payment_workflow_id: handle.workflowId })).toHaveLength(1);
    const received = (await fetch(`${env.simulator.url}/admin/received`).then((r) => r.json())) as {
      PI: Record<string, number>;
    };
    expect(received.PI[originalPiNumber(env.tenant.tenantId, bill, 1)]).toBeUndefined();

    const added = await fetch(`${env.simulator.url}/admin/allotments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ddoCode: env.tenant.ddoCode,
        hoa: GENERAL_HOA,
        mstAllotmentDistId: env.master,
        amountPaise: 1_000_00,
        sanctionedPaise: 2_000_00,
      }),
    });
    expect(added.status).toBe(201);
    await triggerFundsSync();
    const final = await handle.result();
    expect(final.status).toBe('PAID');
    expect(await env.db('funds_waiters').where({ payment_workflow_id: handle.workflowId })).toHaveLength(0);
    const [sanction] = await fundRegister(env.db, { tenantId: env.tenant.tenantId });
    expect(sanction).toMatchObject({ allottedPaise: 2_000_00, debitedPaise: 1_500_00, availablePaise: 500_00 });
    expect(sanction!.availablePaise).toBe(treasuryAvailable());
    expect(await ledgerMismatches(env.db)).toEqual([]);
    await recordHistoryIfAsked(env.client, handle.workflowId, 'payment-funds-wait');
  });

  it('flags a payment whose funds wait passed its deadline, keeps waiting, and lets an operator cancel it', async () => {
    const bill = billNumber('overdue');
    const handle = await env.startPayment(
      env.paymentInput(bill, [payee('100000000081', 900_00)], { fundsWaitDeadlineMs: 300 }),
    );
    await waitFor(
      async () =>
        (await env.db('status_log').where({ subject_id: handle.workflowId, status: 'FUNDS_WAIT_OVERDUE' })).length ===
        1,
      'the overdue flag',
    );
    expect((await handle.query(paymentStateQuery)).status).toBe('AWAITING_FUNDS');
    await handle.executeUpdate(cancelPaymentUpdate, { args: [{ reason: 'scheme closed', requestedBy: 'ops' }] });
    const final = await handle.result();
    expect(final).toMatchObject({ status: 'CANCELLED', cancelledReason: 'scheme closed (by ops)' });
    expect(await env.db('funds_waiters').where({ payment_workflow_id: handle.workflowId })).toHaveLength(0);
  });
});
