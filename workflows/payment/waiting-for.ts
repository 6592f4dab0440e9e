import type { LifecyclePolicy, PaymentState, WaitingFor } from '../../contracts';

const IST_OFFSET_MS = 5.5 * 3600 * 1000; // IST has no daylight saving: a fixed offset is exact.

/** An instant as treasury desks read it: "2026-12-10T18:00+05:30". */
export function istMinute(instantMs: number): string {
  return `${new Date(instantMs + IST_OFFSET_MS).toISOString().slice(0, 16)}+05:30`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * What a payment that is not finished waits for, from its state alone (pure: the instants it names
 * come from the state and the policy). Undefined once the payment is finished.
 */
export function paymentWaitingFor(state: PaymentState, policy: LifecyclePolicy): WaitingFor | undefined {
  if (state.cancelledReason !== undefined) return undefined;
  const open = state.instructions.filter((i) => !i.closed);
  const stuck = open.find((i) => i.stuckStage);
  if (stuck) {
    return {
      what: `the treasury on PI ${stuck.piNumber}, stuck at ${stuck.stuckStage}`,
      nextStep: 'check the PI with the treasury, then send Poll now (or release it if it is UNCONFIRMED)',
    };
  }
  if (state.status === 'AWAITING_FUNDS' && state.awaitingFundsSince) {
    const deadline = Date.parse(state.awaitingFundsSince) + policy.fundsWaitDeadlineMs;
    return {
      what: `funds for PI ${state.awaitingFundsPiNumber ?? ''} on its head of account`,
      until: istMinute(deadline),
      untilMeans: state.fundsDeadlinePassed ? 'overdue since then; it keeps waiting' : 'flagged overdue after this',
      nextStep: 'allot funds to the head of account (then Poll now), or cancel the payment',
    };
  }
  const failed = state.beneficiaries.filter((b) => b.status === 'FAILED');
  if (failed.length > 0) return correctionsAwaited(state, failed.length, policy);
  const live = open.filter((i) => !i.returnsWindowUntil);
  if (live.length > 0)
    return { what: `the treasury on ${live.map((i) => `PI ${i.piNumber} (${i.status})`).join(', ')}` };
  if (state.pendingOriginal.length > 0 || state.pendingRevisions.length > 0) return { what: 'its next PI to start' };
  return returnsWindows(open);
}

function correctionsAwaited(state: PaymentState, failedCount: number, policy: LifecyclePolicy): WaitingFor {
  const originals = state.instructions.filter(
    (i) => i.kind === 'ORIGINAL' && !['NO_FUNDS', 'FAILED'].includes(i.status),
  );
  const earliest = Math.min(...originals.map((i) => Date.parse(i.createdAt)));
  const rejected = state.instructions.some((i) => i.status === 'REJECTED');
  return {
    what: `corrected bank details for ${plural(failedCount, 'failed beneficiary', 'failed beneficiaries')}`,
    ...(Number.isFinite(earliest)
      ? {
          until: istMinute(earliest + policy.correctionWindowDays * 86_400_000),
          untilMeans: 'corrections by then are paid by a revised PI; later ones by a fresh original PI',
        }
      : {}),
    nextStep: rejected
      ? 'the SSU rejected a PI: supply corrections if the bank details were the cause, or cancel the payment'
      : 'supply corrected bank details (supplyCorrections, or the API), or cancel the payment',
  };
}

function returnsWindows(open: PaymentState['instructions']): WaitingFor | undefined {
  const windows = open.map((i) => i.returnsWindowUntil).filter((u): u is string => u !== undefined);
  if (windows.length === 0) return undefined;
  const last = Math.max(...windows.map((u) => Date.parse(u)));
  return {
    what: `bank returns on ${open.map((i) => `PI ${i.piNumber}`).join(', ')}`,
    until: istMinute(last),
    untilMeans: 'the returns window closes then and the payment completes',
  };
}
