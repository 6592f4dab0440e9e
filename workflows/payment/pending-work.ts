import type { PaymentState } from '../../contracts';

/** What the payment must do next, in this order; the workflow's dispatch and its wake-up both ask this. */
export type PendingWork = 'report' | 'returns' | 'cancel' | 'instruction';

export function pendingWork(state: PaymentState): PendingWork | undefined {
  const { inbox } = state;
  if (inbox.reports.length > 0) return 'report';
  if (inbox.returns.length > 0) return 'returns';
  if (state.cancelledReason !== undefined) return undefined; // a closed payment only takes in what it is told
  if (inbox.cancel) return 'cancel';
  if (state.pendingRevisions.length > 0) return 'instruction';
  const waitingForFunds = state.awaitingFundsPiNumber !== undefined;
  if (state.pendingOriginal.length > 0 && (!waitingForFunds || inbox.fundsWakeUps > 0)) return 'instruction';
  return undefined;
}
