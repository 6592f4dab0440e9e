import {
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  startChild,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
  allHandlersFinished,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  beneficiariesReturnedSignal,
  cancelPaymentUpdate,
  fundsAvailableSignal,
  instructionReportSignal,
  instructionWorkflowId,
  originalPiNumber,
  paymentStateQuery,
  pollNowSignal,
  revisedPiNumber,
  SearchAttr,
  supplyCorrectionsUpdate,
  type CancelRequest,
  type CorrectionRequest,
  type InstructionReport,
  type PaymentInput,
  type PaymentState,
  type PaymentStatus,
  type ReturnedBeneficiary,
} from '../contracts';
import { paymentInstructionWorkflow } from './payment-instruction';
import { recordOptions } from './payment/activity-options';
import { mergeBeneficiaries, totalPaise } from './payment/beneficiaries';
import { flagDeterministicFailures } from './payment/deterministic-flag';
import { correctionRoute } from './payment/correction-window';
import { liveBeforePayment, validateCancel, validateCorrections } from './payment/validation';

/**
 * One approved bill, from submission until every beneficiary is paid or an operator closes it. Runs
 * original and revised PIs as child workflows, waits durably for funds, takes corrected bank details
 * through an update, and keeps the read model and search attributes current for people to find it.
 */
export async function paymentWorkflow(input: PaymentInput): Promise<PaymentState> {
  const record = flagDeterministicFailures(proxyActivities<Activities>(recordOptions), input);
  const workflowId = workflowInfo().workflowId;
  const state: PaymentState = input.carried ?? initialState(input);
  const reports: InstructionReport[] = [];
  const orphanReturns: Array<{ piNumber: string; returned: ReturnedBeneficiary[] }> = [];
  let fundsSignals = 0;
  let fundsSignalsAtLastTry = 0;
  let cancel: CancelRequest | undefined;
  let recordedStatus: PaymentStatus | undefined = input.carried?.status;

  setHandler(paymentStateQuery, () => state);
  setHandler(fundsAvailableSignal, () => {
    fundsSignals += 1;
  });
  setHandler(instructionReportSignal, (report) => {
    reports.push(report);
  });
  // The failure sweep routes returns here only when the PI's own workflow has already closed.
  setHandler(beneficiariesReturnedSignal, (returned) => {
    orphanReturns.push(returned);
  });
  setHandler(pollNowSignal, async () => {
    fundsSignals += 1; // a waiting payment re-checks its funds too
    for (const pi of state.instructions.filter((i) => !i.closed)) {
      await getExternalWorkflowHandle(instructionWorkflowId(state.tenantId, pi.piNumber))
        .signal(pollNowSignal)
        .catch((err: unknown) => log.warn('poll-now not delivered', { piNumber: pi.piNumber, error: String(err) }));
    }
  });
  setHandler(
    supplyCorrectionsUpdate,
    (request) => {
      const routes: Record<string, 'REVISED' | 'ORIGINAL'> = {};
      const now = new Date(Date.now()).toISOString();
      for (const c of request.corrections) {
        const b = state.beneficiaries.find((x) => x.beneficiaryNumber === c.beneficiaryNumber)!;
        const original = state.instructions.find((i) => i.piNumber === b.originalPiNumber);
        const route = original
          ? correctionRoute(original.createdAt, now, input.policy.correctionWindowDays).route
          : 'ORIGINAL';
        Object.assign(b, {
          accountNumber: c.accountNumber,
          ifsc: c.ifsc,
          status: 'PENDING',
          failureReason: undefined,
          utrNo: undefined,
        });
        routes[b.beneficiaryNumber] = route;
        if (route === 'ORIGINAL') {
          state.pendingOriginal.push(b.beneficiaryNumber);
        } else {
          const group = state.pendingRevisions.find((g) => g.originalPiNumber === original!.piNumber);
          if (group) group.beneficiaryNumbers.push(b.beneficiaryNumber);
          else
            state.pendingRevisions.push({
              originalPiNumber: original!.piNumber,
              beneficiaryNumbers: [b.beneficiaryNumber],
            });
        }
      }
      return { routes };
    },
    { validator: (request: CorrectionRequest) => validateCorrections(state, request) },
  );
  setHandler(
    cancelPaymentUpdate,
    (request) => {
      cancel = request;
      return { cancelled: true as const };
    },
    { validator: (request: CancelRequest) => validateCancel(state, request) },
  );

  upsertSearchAttributes([
    { key: SearchAttr.tenantId, value: state.tenantId },
    { key: SearchAttr.billNumber, value: state.billNumber },
  ]);

  const publish = async () => {
    const status = paymentStatus(state, cancel);
    if (status !== state.status || recordedStatus === undefined) {
      state.status = status;
      state.transitions += 1;
    }
    upsertSearchAttributes([
      { key: SearchAttr.paymentStatus, value: state.status },
      { key: SearchAttr.awaitingSince, value: state.awaitingFundsSince ? new Date(state.awaitingFundsSince) : null },
    ]);
    upsertMemo({
      summary: `${state.billNumber} · ₹${(totalPaise(state.beneficiaries) / 100).toFixed(2)} · ${state.beneficiaries.length} beneficiaries · ${state.status}`,
    });
    if (recordedStatus === state.status) return;
    await record.recordPayment({
      workflowId,
      state,
      submittedAt: input.submittedAt,
      submittedBy: input.submittedBy,
      headOfAccountCodes: input.headOfAccountCodes ?? [],
    });
    recordedStatus = state.status;
  };

  const startInstruction = async (kind: 'ORIGINAL' | 'REVISED', numbers: string[], originalPi?: string) => {
    let piNumber: string;
    if (kind === 'REVISED') piNumber = revisedPiNumber(state.tenantId, state.billNumber, ++state.revisionCount);
    else if (state.awaitingFundsPiNumber) piNumber = state.awaitingFundsPiNumber;
    else piNumber = originalPiNumber(state.tenantId, state.billNumber, ++state.originalCount);
    state.awaitingFundsPiNumber = undefined;
    const carried = state.beneficiaries.filter((b) => numbers.includes(b.beneficiaryNumber));
    const payload = carried.map((b) => ({ ...b })); // each keeps `piNumber` = the PI it last failed on
    for (const b of carried) {
      b.piNumber = piNumber;
      if (kind === 'ORIGINAL') b.originalPiNumber = piNumber;
    }
    const existing = state.instructions.find((i) => i.piNumber === piNumber);
    const summary = {
      piNumber,
      kind,
      parentPiNumber: originalPi,
      status: 'PREPARED' as const,
      beneficiaryNumbers: numbers,
      amountPaise: totalPaise(carried),
      createdAt: new Date(Date.now()).toISOString(),
      closed: false,
    };
    if (existing) Object.assign(existing, summary);
    else state.instructions.push(summary);
    upsertSearchAttributes([{ key: SearchAttr.piNumber, value: piNumber }]);
    fundsSignalsAtLastTry = fundsSignals;
    await startChild(paymentInstructionWorkflow, {
      workflowId: instructionWorkflowId(state.tenantId, piNumber),
      // The PI outlives a continue-as-new of its payment; it reports by workflow id, not by handle.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      args: [
        {
          tenantId: state.tenantId,
          billNumber: state.billNumber,
          paymentWorkflowId: workflowId,
          piNumber,
          kind,
          originalPiNumber: originalPi,
          beneficiaries: payload,
          headOfAccountCodes: input.headOfAccountCodes,
          policy: input.policy,
        },
      ],
    });
  };

  const applyReport = async (report: InstructionReport) => {
    const pi = state.instructions.find((i) => i.piNumber === report.piNumber);
    if (!pi) return;
    Object.assign(pi, {
      status: report.status,
      stuckStage: report.stuckStage,
      hoaCode: report.hoaCode,
      closed: report.closed,
    });
    if (report.hoaCode) upsertSearchAttributes([{ key: SearchAttr.headOfAccount, value: report.hoaCode }]);
    if (report.status === 'NO_FUNDS') {
      for (const b of state.beneficiaries.filter((x) => pi.beneficiaryNumbers.includes(x.beneficiaryNumber))) {
        b.originalPiNumber = undefined;
      }
      state.pendingOriginal.push(...pi.beneficiaryNumbers);
      state.awaitingFundsPiNumber = pi.piNumber;
      if (!state.awaitingFundsSince) {
        state.awaitingFundsSince = new Date(Date.now()).toISOString();
        await record.registerFundsWait({
          paymentWorkflowId: workflowId,
          tenantId: state.tenantId,
          amountPaise: pi.amountPaise,
          since: state.awaitingFundsSince,
          deadlineAt: new Date(Date.now() + input.policy.fundsWaitDeadlineMs).toISOString(),
        });
      }
      return;
    }
    // Beneficiaries already corrected and queued for a new PI no longer listen to their old one (its
    // late reports, e.g. the closing one, would otherwise undo the correction).
    const queued = new Set([...state.pendingOriginal, ...state.pendingRevisions.flatMap((g) => g.beneficiaryNumbers)]);
    for (const r of report.beneficiaries) {
      const b = state.beneficiaries.find((x) => x.beneficiaryNumber === r.beneficiaryNumber);
      if (!b || b.piNumber !== report.piNumber || queued.has(b.beneficiaryNumber)) continue; // a later PI carries them now
      Object.assign(b, { status: r.status, utrNo: r.utrNo ?? b.utrNo, failureReason: r.failureReason });
      if (report.status === 'FAILED' || report.status === 'REJECTED') b.originalPiNumber = undefined;
    }
  };

  await publish();
  for (;;) {
    for (const report of reports.splice(0, reports.length)) await applyReport(report);
    for (const orphan of orphanReturns.splice(0, orphanReturns.length)) {
      const recorded = await record.recordReturns({
        piNumber: orphan.piNumber,
        returned: orphan.returned,
        creditBack: input.policy.creditReturnsToSanction,
      });
      for (const r of recorded.returned ?? recorded.newlyReturned) {
        const b = state.beneficiaries.find((x) => x.beneficiaryNumber === r.beneficiaryNumber);
        const requeued = state.pendingRevisions.some((g) => g.beneficiaryNumbers.includes(r.beneficiaryNumber));
        if (b && b.piNumber === orphan.piNumber && !requeued)
          Object.assign(b, { status: 'FAILED', failureReason: r.reason });
      }
    }
    if (cancel) break;

    const waitingForFunds = state.awaitingFundsPiNumber !== undefined;
    if (waitingForFunds && fundsSignals > fundsSignalsAtLastTry) {
      state.fundsDeadlinePassed = false;
      await startInstruction('ORIGINAL', state.pendingOriginal.splice(0, state.pendingOriginal.length));
    } else if (!waitingForFunds && state.pendingOriginal.length > 0) {
      await startInstruction('ORIGINAL', state.pendingOriginal.splice(0, state.pendingOriginal.length));
    }
    for (const group of state.pendingRevisions.splice(0, state.pendingRevisions.length)) {
      await startInstruction('REVISED', group.beneficiaryNumbers, group.originalPiNumber);
    }
    if (state.awaitingFundsSince && state.awaitingFundsPiNumber === undefined && liveBeforePayment(state).length > 0) {
      state.awaitingFundsSince = undefined;
      await record.clearFundsWait({ paymentWorkflowId: workflowId });
    }
    await publish();

    const everyonePaid = state.beneficiaries.every((b) => b.status === 'SUCCESS');
    if (everyonePaid && state.instructions.every((i) => i.closed)) break;

    const info = workflowInfo();
    // Histories stay far below Temporal's limits even for payments revised many times.
    const historyFull =
      info.continueAsNewSuggested || info.historyLength > input.policy.historyEventsBeforeContinueAsNew;
    if (historyFull && reports.length === 0) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof paymentWorkflow>({ ...input, carried: state });
    }

    const somethingToDo = () =>
      reports.length > 0 ||
      orphanReturns.length > 0 ||
      cancel !== undefined ||
      state.pendingRevisions.length > 0 ||
      (state.awaitingFundsPiNumber === undefined && state.pendingOriginal.length > 0) ||
      (state.awaitingFundsPiNumber !== undefined && fundsSignals > fundsSignalsAtLastTry);
    const untilDeadline = fundsDeadline(state, input);
    if (untilDeadline === undefined) {
      await condition(somethingToDo);
    } else if (untilDeadline <= 0 || !(await condition(somethingToDo, untilDeadline))) {
      state.fundsDeadlinePassed = true;
      await record.flagFundsWaitOverdue({ paymentWorkflowId: workflowId });
    }
  }

  if (cancel) {
    state.cancelledReason = `${cancel.reason} (by ${cancel.requestedBy})`;
    if (state.awaitingFundsSince) await record.clearFundsWait({ paymentWorkflowId: workflowId });
    state.awaitingFundsSince = undefined;
    state.awaitingFundsPiNumber = undefined;
    await publish();
  }
  await condition(allHandlersFinished);
  return state;
}

function initialState(input: PaymentInput): PaymentState {
  const beneficiaries = mergeBeneficiaries(input.billNumber, input.beneficiaries);
  return {
    tenantId: input.tenantId,
    billNumber: input.billNumber,
    status: 'RECEIVED',
    beneficiaries,
    instructions: [],
    originalCount: 0,
    revisionCount: 0,
    pendingOriginal: beneficiaries.map((b) => b.beneficiaryNumber),
    pendingRevisions: [],
    transitions: 0,
  };
}

/** Milliseconds until the funds-wait deadline, or undefined when not waiting or already flagged. */
function fundsDeadline(state: PaymentState, input: PaymentInput): number | undefined {
  if (!state.awaitingFundsSince || state.awaitingFundsPiNumber === undefined || state.fundsDeadlinePassed)
    return undefined;
  return Date.parse(state.awaitingFundsSince) + input.policy.fundsWaitDeadlineMs - Date.now();
}

export function paymentStatus(state: PaymentState, cancel: CancelRequest | undefined): PaymentStatus {
  if (cancel) return 'CANCELLED';
  if (state.awaitingFundsPiNumber !== undefined) return 'AWAITING_FUNDS';
  const statuses = state.beneficiaries.map((b) => b.status);
  if (statuses.every((s) => s === 'SUCCESS')) return 'PAID';
  const inFlight = statuses.some((s) => s === 'PENDING' || s === 'INITIATED' || s === 'IN_PROCESS');
  if (inFlight) return state.instructions.length === 0 ? 'RECEIVED' : 'IN_PROGRESS';
  return statuses.some((s) => s === 'SUCCESS') ? 'PARTIAL' : 'FAILED';
}
