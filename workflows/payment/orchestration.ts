import { getExternalWorkflowHandle, log, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { PaymentRecord } from '../../activities/payments';
import {
  instructionWorkflowId,
  pollNowSignal,
  SearchAttr,
  type LifecyclePolicy,
  type PayeeDetails,
  type PaymentInput,
  type PaymentState,
} from '../../contracts';
import type { Upserts } from '../lean-history';
import { totalPaise } from './beneficiaries';
import { wakeForFunds, type Effect } from './transitions';

/** The payment workflow's hands: carries out the effects its transitions return, in order. */
export function effectRunner(
  record: Pick<Activities, 'registerFundsWait' | 'clearFundsWait' | 'flagFundsWaitOverdue' | 'wakeFundsWaiters'>,
  upsert: Pick<Upserts, 'searchAttributes'>,
  payment: { paymentWorkflowId: string; tenantId: string },
  policy: LifecyclePolicy,
) {
  const { paymentWorkflowId, tenantId } = payment;
  return async (effects: Effect[]): Promise<void> => {
    for (const effect of effects) {
      switch (effect.kind) {
        case 'headOfAccount':
          upsert.searchAttributes([{ key: SearchAttr.headOfAccount, value: effect.hoaCode }]);
          break;
        case 'registerFundsWait':
          await record.registerFundsWait({
            paymentWorkflowId,
            tenantId,
            amountPaise: effect.amountPaise,
            since: effect.since,
            deadlineAt: new Date(Date.parse(effect.since) + policy.fundsWaitDeadlineMs).toISOString(),
          });
          break;
        case 'clearFundsWait':
          await record.clearFundsWait({ paymentWorkflowId });
          break;
        case 'flagFundsWaitOverdue':
          await record.flagFundsWaitOverdue({ paymentWorkflowId });
          break;
        case 'wakeFundsWaiters':
          await record.wakeFundsWaiters({ tenantId, hoaCode: effect.hoaCode, availablePaise: effect.availablePaise });
          break;
      }
    }
  };
}

/** Histories stay far below Temporal's limits even for payments revised many times. */
export function historyFull(policy: LifecyclePolicy): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength > policy.historyEventsBeforeContinueAsNew;
}

/** An operator's poll-now: a waiting payment re-checks its funds, and every live PI asks the treasury now. */
export async function pollNow(state: PaymentState): Promise<void> {
  wakeForFunds(state);
  for (const pi of state.instructions.filter((i) => !i.closed)) {
    await getExternalWorkflowHandle(instructionWorkflowId(state.tenantId, pi.piNumber))
      .signal(pollNowSignal)
      .catch((err: unknown) => log.warn('poll-now not delivered', { piNumber: pi.piNumber, error: String(err) }));
  }
}

/**
 * What the read model needs to hear: the status and what goes with it, and only on the first record
 * the bill itself (its payees, who submitted it), so the payees' details are in history once.
 */
export function recordOf(
  workflowId: string,
  state: PaymentState,
  input: PaymentInput,
  payees: PayeeDetails[],
): PaymentRecord {
  return {
    workflowId,
    tenantId: state.tenantId,
    billNumber: state.billNumber,
    status: state.status,
    transitions: state.transitions,
    awaitingFundsSince: state.awaitingFundsSince,
    cancelledReason: state.cancelledReason,
    lastError: state.lastError,
    ...(state.recordedStatus === undefined
      ? {
          bill: {
            payees,
            totalPaise: totalPaise(state.beneficiaries),
            submittedAt: input.submittedAt,
            submittedBy: input.submittedBy,
            headOfAccountCodes: input.headOfAccountCodes ?? [],
          },
        }
      : {}),
  };
}
