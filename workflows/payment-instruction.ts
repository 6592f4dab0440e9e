import {
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  beneficiariesReturnedSignal,
  instructionReportSignal,
  instructionStateQuery,
  instructionSupersededSignal,
  instructionWorkflowId,
  paidStatusOf,
  PI_STATUSES_PAID,
  pollNowSignal,
  described,
  refuseUpdate,
  UpdateRefusalCode,
  SearchAttr,
  settleUnconfirmedUpdate,
  type InstructionInput,
  type InstructionReport,
  type BeneficiaryProgress,
  type PiStatus,
  type ReturnedBeneficiary,
  type SettleUnconfirmedRequest,
} from '../contracts';
import { ReturnsListener } from './instruction/returns-listener';
import { failureText, PersistentFollower } from './instruction/persistent-follower';
import type { StageName } from './payment/follow-stage';
import { recordOptions, treasuryPostOptions } from './activity-options';
import { leanUpserts } from './lean-history';
import { withSummaries } from './payment/activity-summaries';
import { instructionDetails, instructionWaitingFor } from './payment/current-details';

/**
 * One payment instruction (PI), original or revised, from persisted record to paid, and then through
 * its returns window. Exactly-once at the treasury rests on what is done here in order: the PI row
 * (deterministic number, unique) is written before anything is sent; funds are reserved under that
 * number; a send that may have reached the treasury makes the PI UNCONFIRMED, settled only by the
 * treasury's records of that number (or, past its deadline, by an operator naming who and why); and
 * once the treasury may hold it, nothing but the treasury's own decision ends it.
 */
export async function paymentInstructionWorkflow(input: InstructionInput): Promise<InstructionReport> {
  const upsert = leanUpserts(); // first: its patch marker, if any, precedes every other command
  const record = withSummaries(proxyActivities<Activities>(recordOptions));
  const post = withSummaries(proxyActivities<Activities>(treasuryPostOptions));
  // A new PI starts its beneficiaries afresh, whatever an earlier PI did to them.
  const beneficiaries: BeneficiaryProgress[] = input.beneficiaryNumbers.map((beneficiaryNumber) => ({
    beneficiaryNumber,
    status: 'PENDING',
  }));
  let amountPaise = 0;
  let status: PiStatus = 'PREPARED';
  let hoaCode: string | undefined;
  let stuckStage: string | undefined;
  let stuckReason: string | undefined;
  let statusSinceMs = Date.now();
  let returnsWindowUntil: string | undefined;
  let supersededBy: string | undefined;
  let closedReported = false;
  const inbox: ReturnedBeneficiary[] = [];

  const describeNow = (closed = false) => {
    const view = { kind: input.kind, status, stuckStage, stuckReason, returnsWindowUntil, closed };
    setCurrentDetails(instructionDetails(view, instructionWaitingFor(view, input.policy, statusSinceMs)));
  };
  const report = async (extra: Partial<InstructionReport> = {}, closed = false): Promise<InstructionReport> => {
    const message: InstructionReport = {
      piNumber: input.piNumber,
      kind: input.kind,
      status,
      beneficiaries: beneficiaries.map(({ beneficiaryNumber, status: s, utrNo, failureReason }) => ({
        beneficiaryNumber,
        status: s,
        utrNo,
        failureReason,
      })),
      hoaCode,
      stuckStage,
      ...(stuckReason ? { reason: stuckReason } : {}),
      ...(returnsWindowUntil ? { returnsWindowUntil } : {}),
      closed,
      ...extra,
    };
    closedReported ||= closed;
    describeNow(closed);
    upsert.searchAttributes([
      { key: SearchAttr.piStatus, value: stuckStage ? `STUCK_${stuckStage}` : status },
      ...(hoaCode ? [{ key: SearchAttr.headOfAccount, value: hoaCode }] : []),
    ]);
    upsert.memo({ summary: `${input.kind} ${input.piNumber} · ${beneficiaries.length} beneficiaries · ${status}` });
    try {
      await getExternalWorkflowHandle(input.paymentWorkflowId).signal(instructionReportSignal, message);
    } catch (err) {
      // The payment may have closed (cancelled); the read model still has the truth.
      log.warn('could not report to the payment workflow', { error: String(err) });
    }
    return message;
  };
  /** The treasury holds this revision: the PI it corrects is superseded (the read model marked it so on acceptance). */
  const supersede = async (piNumber: string) => {
    try {
      await getExternalWorkflowHandle(instructionWorkflowId(input.tenantId, piNumber)).signal(
        instructionSupersededSignal,
        { by: input.piNumber },
      );
    } catch (err) {
      log.warn('the corrected PI has closed; its read-model row says COMPLETED', { error: String(err) });
    }
  };
  const flag = async (stage: StageName | undefined, reason?: string) => {
    const was = stuckStage;
    stuckStage = stage;
    stuckReason = reason;
    await record.flagInstruction({ piNumber: input.piNumber, stage: stage ?? was ?? '', stuck: !!stage, reason });
    if (stage) await report();
    else describeNow();
  };
  const follower = new PersistentFollower({
    onStuck: (stage) => flag(stage),
    onUnstuck: () => flag(undefined),
    onError: (stage, reason) => flag(stage, reason),
    onRecovered: () => flag(undefined),
  });
  setHandler(
    instructionStateQuery,
    () => ({
      piNumber: input.piNumber,
      kind: input.kind,
      parentPiNumber: input.originalPiNumber,
      status,
      beneficiaryNumbers: beneficiaries.map((b) => b.beneficiaryNumber),
      amountPaise,
      createdAt: workflowInfo().startTime.toISOString(),
      stuckStage,
      hoaCode,
      closed: false,
      beneficiaries,
    }),
    described('instructionState'),
  );
  setHandler(pollNowSignal, () => follower.pollNow(), described('pollNow'));
  setHandler(
    settleUnconfirmedUpdate,
    async (request) => {
      const settled = await record.settleUnconfirmed({ piNumber: input.piNumber, ...request });
      follower.pollNow();
      return settled;
    },
    {
      validator: (request: SettleUnconfirmedRequest) => {
        const named = (v: unknown) => typeof v === 'string' && v.trim().length > 0;
        if (!named(request.requestedBy) || !named(request.reason))
          throw refuseUpdate({
            code: UpdateRefusalCode.IncompleteRequest,
            message: 'name who releases the instruction and why (the treasury confirms it does not hold it)',
          });
        if (status !== 'UNCONFIRMED')
          throw refuseUpdate({
            code: UpdateRefusalCode.NotUnconfirmed,
            message: `${input.piNumber} is ${status}, not UNCONFIRMED`,
          });
      },
      ...described('settleUnconfirmed'),
    },
  );
  setHandler(
    beneficiariesReturnedSignal,
    ({ returned }) => void inbox.push(...returned),
    described('beneficiariesReturned'),
  );
  setHandler(
    instructionSupersededSignal,
    async ({ by }) => {
      supersededBy ??= by;
      // Superseded while it closes: it must not tell its payment it is open again.
      if (await completeIfSuperseded()) await report({}, closedReported);
    },
    described('instructionSuperseded'),
  );
  upsert.searchAttributes([
    { key: SearchAttr.tenantId, value: input.tenantId },
    { key: SearchAttr.billNumber, value: input.billNumber },
    { key: SearchAttr.piNumber, value: input.piNumber },
  ]);
  describeNow();

  const mark = (to: PiStatus, beneficiaryStatus?: BeneficiaryProgress['status']) => {
    if (to !== status) statusSinceMs = Date.now();
    status = to;
    if (beneficiaryStatus) for (const b of beneficiaries) if (b.status !== 'FAILED') b.status = beneficiaryStatus;
  };

  /** Paid, and its failures re-paid by an accepted revision: COMPLETED, here and in the read model. */
  const completeIfSuperseded = async (): Promise<boolean> => {
    if (!supersededBy || !PI_STATUSES_PAID.has(status)) return false;
    await record.supersedeInstruction({ piNumber: input.piNumber, supersededBy });
    mark('COMPLETED');
    return true;
  };

  const lifecycle = async (): Promise<InstructionReport> => {
    ({ amountPaise } = await record.prepareInstruction({
      ...input,
      startedAt: workflowInfo().startTime.toISOString(),
    }));

    if (input.kind === 'ORIGINAL') {
      const funds = await record.reserveInstructionFunds({
        piNumber: input.piNumber,
        headOfAccountCodes: input.headOfAccountCodes,
      });
      if (funds.outcome === 'INSUFFICIENT_FUNDS') {
        mark('NO_FUNDS');
        return report({ largestAvailablePaise: funds.largestAvailablePaise }, true);
      }
      hoaCode = funds.hoaCode;
    }

    let posted = await post.postInstruction({ piNumber: input.piNumber });
    if (posted.status === 'UNCONFIRMED') {
      mark('UNCONFIRMED');
      await report();
      posted = await follower.follow('CONFIRMATION', input.policy.confirmation, (a) =>
        a.confirmInstruction({ piNumber: input.piNumber }),
      );
    }
    if (posted.status === 'FAILED') {
      mark('FAILED', 'FAILED');
      for (const b of beneficiaries) b.failureReason = posted.reason;
      return report({ reason: posted.reason }, true);
    }
    mark('INITIATED', 'INITIATED');
    await report();
    if (input.kind === 'REVISED' && input.currentPiNumber) await supersede(input.currentPiNumber);
    // Returns can arrive at any stage from here on (FD has no SLA); they are recorded as they come.
    const returns = new ReturnsListener(input, beneficiaries, inbox, async (newly) => {
      if (PI_STATUSES_PAID.has(status)) mark(paidStatusOf(beneficiaries)); // else PD's poll decides
      await report();
      return newly;
    });
    returns.start();

    if (input.kind === 'ORIGINAL') {
      const sanction = await follower.poll('SANCTION', input.policy.sanction, 'pollSanction', input.piNumber);
      if (sanction.status === 'REJECTED') {
        await returns.stop();
        mark('REJECTED', 'FAILED');
        for (const b of beneficiaries) b.failureReason = sanction.reason;
        return report({ reason: sanction.reason }, true);
      }
      mark('APPROVED');
      await report();
      await follower.poll('ADVICE', input.policy.advice, 'pollAdvice', input.piNumber);
      mark('IN_PROCESS', 'IN_PROCESS');
      await report();
    }

    const stage = input.kind === 'ORIGINAL' ? input.policy.disbursement : input.policy.revisedDisbursement;
    const paid = await follower.poll('DISBURSEMENT', stage, 'pollDisbursement', input.piNumber);
    for (const p of paid.paid) {
      const b = beneficiaries.find((x) => x.beneficiaryNumber === p.beneficiaryNumber);
      if (b && b.status !== 'FAILED') Object.assign(b, { status: 'SUCCESS', utrNo: p.utrNo });
    }
    mark(paidStatusOf(beneficiaries));
    await completeIfSuperseded(); // superseded before its own disbursement poll finished
    returnsWindowUntil = new Date(Date.now() + input.policy.returnsWindowMs).toISOString();
    await report();
    await returns.untilWindowCloses();
    let closing = await report({}, true);
    // Returns signalled while it closed were marked routed here by the sweep: record them, never drop them.
    while (await returns.recordLate()) closing = await report({}, true);
    await condition(allHandlersFinished); // a supersession being recorded finishes, in its row and here
    return closing;
  };
  try {
    return await lifecycle();
  } catch (err) {
    if (isCancellation(err)) throw err;
    // Before anything was sent, the payment must hear that this PI is over, or it would wait for it
    // forever. Once the treasury may hold it, it is never called FAILED on our side's error.
    if (status === 'PREPARED' || status === 'NO_FUNDS') {
      mark('FAILED');
      await report({ reason: failureText(err) }, true);
    } else {
      log.error('instruction workflow failed while the treasury may hold it', { error: failureText(err) });
    }
    throw err;
  }
}
