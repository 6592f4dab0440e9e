import {
  allHandlersFinished,
  CancellationScope,
  condition,
  continueAsNew,
  ParentClosePolicy,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  beneficiariesReturnedSignal,
  cancelPaymentUpdate,
  fundsAvailableSignal,
  instructionReportSignal,
  instructionWorkflowId,
  paymentStateQuery,
  pollNowSignal,
  described,
  resubmitRejectedUpdate,
  SearchAttr,
  supplyCorrectionsUpdate,
  type CancelRequest,
  type CorrectionRequest,
  type PaymentInput,
  type PaymentState,
  type ResubmitRequest,
} from '../contracts';
import { paymentInstructionWorkflow } from './payment-instruction';
import { recordOptions } from './activity-options';
import { leanUpserts } from './lean-history';
import { withSummaries } from './payment/activity-summaries';
import { mergeBeneficiaries, totalPaise } from './payment/beneficiaries';
import { paymentDetails } from './payment/current-details';
import { flagDeterministicFailures } from './payment/deterministic-flag';
import { effectRunner, historyFull, pollNow, recordOf } from './payment/orchestration';
import { pendingWork } from './payment/pending-work';
import { resubmitRejected, validateResubmit } from './payment/resubmit';
import { continuedInput, fundsDeadlineIn, initialState, isFinished, refreshStatus } from './payment/state';
import * as t from './payment/transitions';
import { validateCancel, validateCorrections } from './payment/validation';
import { paymentWaitingFor } from './payment/waiting-for';

/**
 * One approved bill, from submission until every beneficiary is paid or an operator closes it. Runs
 * original and revised PIs as child workflows, waits durably for funds, takes corrected bank details
 * through an update, and keeps the read model and search attributes current for people to find it.
 * The rules live in workflows/payment/ (state, transitions, pending work); this is the process.
 */
export async function paymentWorkflow(input: PaymentInput): Promise<PaymentState> {
  const upsert = leanUpserts(); // first: its patch marker, if any, precedes every other command
  const record = flagDeterministicFailures(withSummaries(proxyActivities<Activities>(recordOptions)), input);
  const workflowId = workflowInfo().workflowId;
  const now = () => new Date(Date.now()).toISOString();
  const payees = input.carried ? [] : mergeBeneficiaries(input.tenantId, input.billNumber, input.beneficiaries);
  const state = input.carried ?? initialState(input, payees);
  const perform = effectRunner(
    record,
    upsert,
    { paymentWorkflowId: workflowId, tenantId: state.tenantId },
    input.policy,
  );
  let correcting = false;

  setHandler(paymentStateQuery, () => state, described('paymentState'));
  setHandler(fundsAvailableSignal, () => t.wakeForFunds(state), described('fundsAvailable'));
  setHandler(instructionReportSignal, (r) => void state.inbox.reports.push(r), described('instructionReport'));
  setHandler(beneficiariesReturnedSignal, (r) => void state.inbox.returns.push(r), described('beneficiariesReturned'));
  setHandler(pollNowSignal, () => pollNow(state), described('pollNow'));
  setHandler(
    supplyCorrectionsUpdate,
    async (request) => {
      // One correction at a time, re-validated once its turn comes: two for the same payee cannot both pass.
      await condition(() => !correcting);
      correcting = true;
      try {
        validateCorrections(state, request);
        await record.recordCorrections({ paymentWorkflowId: workflowId, corrections: request.corrections });
        return t.applyCorrections(state, request, now(), input.policy.correctionWindowDays);
      } finally {
        correcting = false;
      }
    },
    { validator: (r: CorrectionRequest) => validateCorrections(state, r), ...described('supplyCorrections') },
  );
  setHandler(
    cancelPaymentUpdate,
    (request) => {
      t.requestCancel(state, request);
      return { cancelled: true as const };
    },
    { validator: (r: CancelRequest) => validateCancel(state, r), ...described('cancelPayment') },
  );

  setHandler(resubmitRejectedUpdate, () => resubmitRejected(state), {
    validator: (r: ResubmitRequest) => validateResubmit(state, r),
    ...described('resubmitRejected'),
  });

  const publish = async () => {
    refreshStatus(state);
    state.waitingFor = isFinished(state) ? undefined : paymentWaitingFor(state, input.policy);
    setCurrentDetails(paymentDetails(state.status, state.waitingFor));
    upsert.searchAttributes([
      { key: SearchAttr.paymentStatus, value: state.status },
      { key: SearchAttr.awaitingSince, value: state.awaitingFundsSince ? new Date(state.awaitingFundsSince) : null },
    ]);
    const total = (totalPaise(state.beneficiaries) / 100).toFixed(2);
    upsert.memo({
      summary: `${state.billNumber} · ₹${total} · ${state.beneficiaries.length} beneficiaries · ${state.status}`,
    });
    if (state.recordedStatus === state.status) return;
    await record.recordPayment(recordOf(workflowId, state, input, payees));
    state.recordedStatus = state.status;
  };

  const startInstruction = async () => {
    const planned = t.planInstruction(state, now());
    if (!planned) return;
    upsert.searchAttributes([{ key: SearchAttr.piNumber, value: planned.piNumber }]);
    const pi = state.instructions.find((i) => i.piNumber === planned.piNumber)!;
    await startChild(paymentInstructionWorkflow, {
      workflowId: instructionWorkflowId(state.tenantId, planned.piNumber),
      staticSummary:
        `${planned.kind === 'REVISED' ? 'Revised PI (COR)' : 'PI'} ${planned.piNumber} · bill ${state.billNumber} · ` +
        `₹${(pi.amountPaise / 100).toFixed(2)} to ${planned.beneficiaryNumbers.length} beneficiaries`,
      // The PI outlives a continue-as-new of its payment; it reports by workflow id, not by handle.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      // Started with the search attributes it would upsert first thing (a lean run then skips that upsert).
      ...(upsert.lean && {
        typedSearchAttributes: [
          { key: SearchAttr.tenantId, value: state.tenantId },
          { key: SearchAttr.billNumber, value: state.billNumber },
          { key: SearchAttr.piNumber, value: planned.piNumber },
        ],
      }),
      args: [
        {
          ...planned,
          tenantId: state.tenantId,
          billNumber: state.billNumber,
          paymentWorkflowId: workflowId,
          headOfAccountCodes: input.headOfAccountCodes,
          policy: input.policy,
        },
      ],
    });
  };

  const work = {
    report: async () => perform(t.applyReport(state, state.inbox.reports.shift()!, now())),
    returns: async () => {
      const { piNumber, returned } = state.inbox.returns[0]!;
      const creditBack = input.policy.creditReturnsToSanction;
      const recorded = await record.recordReturns({ piNumber, returned, creditBack });
      state.inbox.returns.shift(); // only once recorded: a continue-as-new meanwhile carries it
      t.applyRecordedReturns(state, piNumber, recorded.returned ?? recorded.newlyReturned);
    },
    cancel: async () => perform(t.cancel(state)),
    instruction: startInstruction,
  };

  upsert.searchAttributes([
    { key: SearchAttr.tenantId, value: state.tenantId },
    { key: SearchAttr.billNumber, value: state.billNumber },
  ]);
  await publish();
  // The Web UI's cancel button must not end the workflow behind the business rules' back.
  CancellationScope.current().cancelRequested.catch(() => {
    const refused = t.cancelRequestedThroughTemporal(state);
    if (refused) upsert.memo({ cancellationRefused: refused }); // in history, where operators look
  });
  return CancellationScope.nonCancellable(async () => {
    for (;;) {
      const next = pendingWork(state);
      if (next) {
        await work[next]();
        continue;
      }
      await publish();
      if (isFinished(state) || historyFull(input.policy)) {
        // Messages may still be in their handlers: decide only once they are done, and look again.
        await condition(allHandlersFinished);
        if (pendingWork(state)) continue;
        if (isFinished(state)) return state;
        await continueAsNew<typeof paymentWorkflow>(continuedInput(input, state));
      }
      const untilDeadline = fundsDeadlineIn(state, input.policy.fundsWaitDeadlineMs, Date.now());
      const woken =
        untilDeadline === undefined
          ? (await condition(() => pendingWork(state) !== undefined), true)
          : untilDeadline > 0 &&
            (await condition(() => pendingWork(state) !== undefined, untilDeadline, {
              summary: 'Funds-wait deadline: flag the payment overdue if no funds by then',
            }));
      if (!woken) await perform(t.fundsWaitOverdue(state));
    }
  });
}
