import {
  originalPiNumber,
  revisedPiNumber,
  type CancelRequest,
  type CorrectionRequest,
  type CorrectionResult,
  type InstructionInput,
  type InstructionReport,
  type PaymentState,
  type ReturnedBeneficiary,
} from '../../contracts';
import { totalPaise } from './beneficiaries';
import { correctionRoute } from './correction-window';
import { queuedBeneficiaries } from './state';
import { validateCancel } from './validation';

/**
 * The payment's transitions: each takes the state and one event (and the instant it happens at),
 * changes the state and returns the side effects the workflow must carry out. No clock, no I/O,
 * nothing random, so they are deterministic and tested on their own (transitions.test.ts and the
 * property tests in transitions.property.test.ts).
 */
export type Effect =
  | { kind: 'registerFundsWait'; amountPaise: number; since: string }
  | { kind: 'clearFundsWait' }
  | { kind: 'flagFundsWaitOverdue' }
  | { kind: 'headOfAccount'; hoaCode: string }
  /** The PI's reservation was credited back (rejected, or its post refused): others may now be funded. */
  | { kind: 'wakeFundsWaiters'; hoaCode: string; availablePaise: number };

/** What the workflow hands to a new PI child: numbers, never the payees' details. */
export type PlannedInstruction = Pick<
  InstructionInput,
  'piNumber' | 'kind' | 'originalPiNumber' | 'currentPiNumber' | 'beneficiaryNumbers'
>;

const beneficiary = (state: PaymentState, n: string) => state.beneficiaries.find((b) => b.beneficiaryNumber === n);

export function applyReport(state: PaymentState, report: InstructionReport, now: string): Effect[] {
  const pi = state.instructions.find((i) => i.piNumber === report.piNumber);
  if (!pi) return [];
  Object.assign(pi, {
    status: report.status,
    stuckStage: report.stuckStage,
    hoaCode: report.hoaCode,
    returnsWindowUntil: report.returnsWindowUntil,
    closed: report.closed,
  });
  const effects: Effect[] = report.hoaCode ? [{ kind: 'headOfAccount', hoaCode: report.hoaCode }] : [];
  const refused = report.status === 'FAILED' || report.status === 'REJECTED';
  if (refused && report.reason) state.lastError = `${report.piNumber}: ${report.reason}`;
  if (refused && pi.kind === 'ORIGINAL' && report.hoaCode) {
    effects.push({ kind: 'wakeFundsWaiters', hoaCode: report.hoaCode, availablePaise: pi.amountPaise });
  }
  if (report.status === 'NO_FUNDS') {
    for (const n of pi.beneficiaryNumbers) {
      const b = beneficiary(state, n);
      if (b?.piNumber !== pi.piNumber) continue;
      b.originalPiNumber = undefined;
      if (!state.pendingOriginal.includes(n)) state.pendingOriginal.push(n);
    }
    state.awaitingFundsPiNumber = pi.piNumber;
    if (state.awaitingFundsSince) return effects;
    state.awaitingFundsSince = now;
    return [...effects, { kind: 'registerFundsWait', amountPaise: pi.amountPaise, since: now }];
  }
  if (state.awaitingFundsSince && pi.kind === 'ORIGINAL' && report.status !== 'PREPARED') {
    // The retried PI got its money: nobody waits for funds any more.
    state.awaitingFundsSince = undefined;
    state.fundsDeadlinePassed = undefined;
    effects.push({ kind: 'clearFundsWait' });
  }
  const queued = queuedBeneficiaries(state);
  for (const r of report.beneficiaries) {
    const b = beneficiary(state, r.beneficiaryNumber);
    if (!b || b.piNumber !== report.piNumber || queued.has(b.beneficiaryNumber)) continue; // a later PI carries them
    Object.assign(b, { status: r.status, utrNo: r.utrNo ?? b.utrNo, failureReason: r.failureReason });
    if (report.status === 'FAILED' || report.status === 'REJECTED') b.originalPiNumber = undefined;
  }
  return effects;
}

/** Returns recorded for a PI whose workflow had closed: its beneficiaries failed, unless re-queued. */
export function applyRecordedReturns(state: PaymentState, piNumber: string, returned: ReturnedBeneficiary[]): void {
  const queued = queuedBeneficiaries(state);
  for (const r of returned) {
    const b = beneficiary(state, r.beneficiaryNumber);
    if (b && b.piNumber === piNumber && !queued.has(b.beneficiaryNumber) && b.status !== 'FAILED') {
      Object.assign(b, { status: 'FAILED', failureReason: r.reason, utrNo: undefined });
    }
  }
}

/**
 * Corrected bank details for failed beneficiaries (already validated and recorded): each is queued
 * for a revised PI against its original, or for a fresh original PI once the window has passed.
 */
export function applyCorrections(
  state: PaymentState,
  request: CorrectionRequest,
  now: string,
  windowDays: number,
): CorrectionResult {
  const routes: CorrectionResult['routes'] = {};
  const queued = queuedBeneficiaries(state);
  for (const { beneficiaryNumber: n } of request.corrections) {
    const b = beneficiary(state, n);
    if (!b || b.status !== 'FAILED' || queued.has(n) || state.cancelledReason !== undefined) continue;
    const original = state.instructions.find((i) => i.piNumber === b.originalPiNumber);
    const route = original && b.piNumber ? correctionRoute(original.createdAt, now, windowDays).route : 'ORIGINAL';
    Object.assign(b, { status: 'PENDING', failureReason: undefined, utrNo: undefined });
    routes[n] = route;
    queued.add(n);
    if (route === 'ORIGINAL') {
      state.pendingOriginal.push(n);
      continue;
    }
    const key = { originalPiNumber: original!.piNumber, currentPiNumber: b.piNumber! };
    const group = state.pendingRevisions.find(
      (g) => g.originalPiNumber === key.originalPiNumber && g.currentPiNumber === key.currentPiNumber,
    );
    if (group) group.beneficiaryNumbers.push(n);
    else state.pendingRevisions.push({ ...key, beneficiaryNumbers: [n] });
  }
  return { routes };
}

export function requestCancel(state: PaymentState, request: CancelRequest): void {
  state.inbox.cancel ??= request;
}

/**
 * Temporal's own cancellation (the Web UI's Request Cancellation, `temporal workflow cancel`) is the
 * cancel action with the same checks: accepted, it cancels as an operator's would; refused (the treasury
 * may still pay, or has paid), the payment runs on and says why.
 */
export function cancelRequestedThroughTemporal(state: PaymentState): string | undefined {
  const request = { reason: 'cancellation requested through Temporal (Web UI or CLI)', requestedBy: 'Temporal' };
  try {
    validateCancel(state, request);
  } catch (err) {
    state.lastError = `cancellation refused: ${err instanceof Error ? err.message : String(err)}`;
    return state.lastError;
  }
  requestCancel(state, request);
  return undefined;
}

/** Closes the payment: nothing queued is sent, and it stops waiting for funds. */
export function cancel(state: PaymentState): Effect[] {
  const request = state.inbox.cancel;
  if (!request || state.cancelledReason !== undefined) return [];
  state.cancelledReason = `${request.reason} (by ${request.requestedBy})`;
  state.inbox.cancel = undefined;
  state.pendingOriginal = [];
  state.pendingRevisions = [];
  state.awaitingFundsPiNumber = undefined;
  if (!state.awaitingFundsSince) return [];
  state.awaitingFundsSince = undefined;
  return [{ kind: 'clearFundsWait' }];
}

/** Money may have arrived: a payment waiting for funds tries its PI again. */
export function wakeForFunds(state: PaymentState): void {
  state.inbox.fundsWakeUps += 1;
}

export function fundsWaitOverdue(state: PaymentState): Effect[] {
  if (state.fundsDeadlinePassed) return [];
  state.fundsDeadlinePassed = true;
  return [{ kind: 'flagFundsWaitOverdue' }];
}

/**
 * The next instruction, from the queues: a revision first (one per original and failed PI), else
 * an original PI for everyone due one, re-using the number of a PI that found no funds, so the
 * treasury never sees it and the reservation is keyed the same.
 */
export function planInstruction(state: PaymentState, now: string): PlannedInstruction | undefined {
  const revision = state.pendingRevisions.shift();
  let planned: PlannedInstruction;
  if (revision) {
    planned = {
      piNumber: revisedPiNumber(state.tenantId, state.billNumber, ++state.revisionCount),
      kind: 'REVISED',
      originalPiNumber: revision.originalPiNumber,
      currentPiNumber: revision.currentPiNumber,
      beneficiaryNumbers: revision.beneficiaryNumbers,
    };
  } else if (state.pendingOriginal.length > 0) {
    planned = {
      piNumber:
        state.awaitingFundsPiNumber ?? originalPiNumber(state.tenantId, state.billNumber, ++state.originalCount),
      kind: 'ORIGINAL',
      beneficiaryNumbers: state.pendingOriginal.splice(0),
    };
    state.awaitingFundsPiNumber = undefined;
    state.inbox.fundsWakeUps = 0;
  } else {
    return undefined;
  }
  const carried = planned.beneficiaryNumbers.map((n) => beneficiary(state, n)!);
  for (const b of carried) {
    b.piNumber = planned.piNumber;
    if (planned.kind === 'ORIGINAL') b.originalPiNumber = planned.piNumber;
  }
  const summary = {
    piNumber: planned.piNumber,
    kind: planned.kind,
    parentPiNumber: planned.originalPiNumber,
    status: 'PREPARED' as const,
    beneficiaryNumbers: planned.beneficiaryNumbers,
    amountPaise: totalPaise(carried),
    createdAt: now,
    closed: false,
  };
  const existing = state.instructions.find((i) => i.piNumber === planned.piNumber);
  if (existing) Object.assign(existing, summary);
  else state.instructions.push(summary);
  return planned;
}
