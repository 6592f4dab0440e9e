import type { PayeeDetails, PaymentInput, PaymentState, PaymentStatus } from '../../contracts';

/**
 * The payment's state and what is derived from it. Everything here is a plain function of its
 * arguments (no clock, no I/O), so the workflow stays deterministic and the rules are unit-tested.
 */
export function initialState(
  input: Pick<PaymentInput, 'tenantId' | 'billNumber'>,
  payees: PayeeDetails[],
): PaymentState {
  return {
    tenantId: input.tenantId,
    billNumber: input.billNumber,
    status: 'RECEIVED',
    beneficiaries: payees.map((p) => ({
      beneficiaryNumber: p.beneficiaryNumber,
      amountPaise: p.amountPaise,
      status: 'PENDING',
    })),
    instructions: [],
    originalCount: 0,
    revisionCount: 0,
    pendingOriginal: payees.map((p) => p.beneficiaryNumber),
    pendingRevisions: [],
    transitions: 0,
    inbox: { reports: [], returns: [], fundsWakeUps: 0 },
  };
}

export function paymentStatus(state: PaymentState): PaymentStatus {
  if (state.cancelledReason !== undefined) return 'CANCELLED';
  if (state.awaitingFundsPiNumber !== undefined) return 'AWAITING_FUNDS';
  const statuses = state.beneficiaries.map((b) => b.status);
  if (statuses.every((s) => s === 'SUCCESS')) return 'PAID';
  const inFlight = statuses.some((s) => s === 'PENDING' || s === 'INITIATED' || s === 'IN_PROCESS');
  if (inFlight) return state.instructions.length === 0 ? 'RECEIVED' : 'IN_PROGRESS';
  return statuses.some((s) => s === 'SUCCESS') ? 'PARTIAL' : 'FAILED';
}

/** Brings `status` up to date; a change (or the very first record) counts as a transition. */
export function refreshStatus(state: PaymentState): void {
  const status = paymentStatus(state);
  if (status !== state.status || state.recordedStatus === undefined) {
    state.status = status;
    state.transitions += 1;
  }
}

/** Nothing more can happen: cancelled, or everyone paid and every PI done listening for returns. */
export function isFinished(state: PaymentState): boolean {
  if (state.cancelledReason !== undefined) return true;
  return state.beneficiaries.every((b) => b.status === 'SUCCESS') && state.instructions.every((i) => i.closed);
}

/** Beneficiaries already queued for a new PI: their old PI's late reports no longer concern them. */
export function queuedBeneficiaries(state: PaymentState): Set<string> {
  return new Set([...state.pendingOriginal, ...state.pendingRevisions.flatMap((g) => g.beneficiaryNumbers)]);
}

/** Milliseconds until the funds-wait deadline, or undefined when not waiting or already flagged. */
export function fundsDeadlineIn(state: PaymentState, fundsWaitDeadlineMs: number, nowMs: number): number | undefined {
  if (!state.awaitingFundsSince || state.awaitingFundsPiNumber === undefined || state.fundsDeadlinePassed)
    return undefined;
  return Date.parse(state.awaitingFundsSince) + fundsWaitDeadlineMs - nowMs;
}

/** The next run's input: everything carried in the state, and not the bill's payees a second time. */
export function continuedInput(input: PaymentInput, state: PaymentState): PaymentInput {
  return { ...input, beneficiaries: [], carried: state };
}
