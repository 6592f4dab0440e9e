import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { fundsAvailableSignal } from '../contracts';
import { listFundsWaiters } from '../db/funds/waiters';

export interface MoneyAvailable {
  tenantId: string;
  hoaCode: string;
  availablePaise: number;
}

/**
 * Tells every payment of the tenant that waits for funds that money arrived: a VA allotment, or money
 * credited back (SSU rejection, refused post, a return). A waiter whose workflow is gone is dropped.
 */
export async function wakeFundsWaiters(deps: { db: Knex; temporal: Client }, money: MoneyAvailable): Promise<number> {
  const waiters = await listFundsWaiters(deps.db, { tenantId: money.tenantId });
  let signalled = 0;
  for (const w of waiters) {
    try {
      await deps.temporal.workflow.getHandle(w.paymentWorkflowId).signal(fundsAvailableSignal, money);
      signalled += 1;
    } catch (err) {
      if ((err as Error).name !== 'WorkflowNotFoundError') throw err;
      await deps.db('funds_waiters').where({ payment_workflow_id: w.paymentWorkflowId }).delete();
    }
  }
  return signalled;
}

export function createFundsWaiterActivities(deps: { db: Knex; temporal: Client }) {
  return {
    /** After a PI's reservation was credited back (its payment saw it rejected or refused). */
    async wakeFundsWaiters(input: MoneyAvailable): Promise<{ signalled: number }> {
      return { signalled: await wakeFundsWaiters(deps, input) };
    },
  };
}
