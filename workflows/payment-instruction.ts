import {
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  proxyActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  beneficiariesReturnedSignal,
  instructionReportSignal,
  instructionStateQuery,
  pollNowSignal,
  SearchAttr,
  type InstructionInput,
  type InstructionReport,
  type BeneficiaryProgress,
  type PiStatus,
  type ReturnedBeneficiary,
} from '../contracts';
import { isScheduleToCloseTimeout, StageFollower, type StageName } from './payment/follow-stage';
import { recordOptions, treasuryPostOptions } from './payment/activity-options';

/**
 * One payment instruction (PI), original or revised, from persisted record to paid, and then through
 * its returns window. Exactly-once at the treasury rests on three things done here in order: the PI
 * row (deterministic number, unique) is written before anything is sent; funds are reserved under
 * that number; the post itself detects an earlier, ambiguous attempt instead of blindly re-sending.
 */
export async function paymentInstructionWorkflow(input: InstructionInput): Promise<InstructionReport> {
  const record = proxyActivities<Activities>(recordOptions);
  const post = proxyActivities<Activities>(treasuryPostOptions);
  // A new PI starts its beneficiaries afresh, whatever an earlier PI did to them.
  const beneficiaries: BeneficiaryProgress[] = input.beneficiaryNumbers.map((beneficiaryNumber) => ({
    beneficiaryNumber,
    status: 'PENDING',
  }));
  let amountPaise = 0;
  let status: PiStatus = 'PREPARED';
  let hoaCode: string | undefined;
  let stuckStage: string | undefined;
  const inbox: ReturnedBeneficiary[] = [];

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
      closed,
      ...extra,
    };
    upsertSearchAttributes([
      { key: SearchAttr.piStatus, value: stuckStage ? `STUCK_${stuckStage}` : status },
      ...(hoaCode ? [{ key: SearchAttr.headOfAccount, value: hoaCode }] : []),
    ]);
    upsertMemo({ summary: `${input.kind} ${input.piNumber} · ${beneficiaries.length} beneficiaries · ${status}` });
    try {
      await getExternalWorkflowHandle(input.paymentWorkflowId).signal(instructionReportSignal, message);
    } catch (err) {
      // The payment may have closed (cancelled); the read model still has the truth.
      log.warn('could not report to the payment workflow', { error: String(err) });
    }
    return message;
  };
  const follower = new StageFollower({
    onStuck: async (stage: StageName) => {
      stuckStage = stage;
      await record.flagInstructionStuck({ piNumber: input.piNumber, stage, stuck: true });
      await report();
    },
    onUnstuck: async (stage: StageName) => {
      stuckStage = undefined;
      await record.flagInstructionStuck({ piNumber: input.piNumber, stage, stuck: false });
    },
  });
  setHandler(instructionStateQuery, () => ({
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
  }));
  setHandler(pollNowSignal, () => follower.pollNow());
  setHandler(beneficiariesReturnedSignal, ({ returned }) => {
    inbox.push(...returned);
  });
  upsertSearchAttributes([
    { key: SearchAttr.tenantId, value: input.tenantId },
    { key: SearchAttr.billNumber, value: input.billNumber },
    { key: SearchAttr.piNumber, value: input.piNumber },
  ]);

  const mark = (to: PiStatus, beneficiaryStatus?: BeneficiaryProgress['status']) => {
    status = to;
    if (beneficiaryStatus) for (const b of beneficiaries) if (b.status !== 'FAILED') b.status = beneficiaryStatus;
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

    const posted = await post.postInstruction({ piNumber: input.piNumber });
    if (posted.status === 'FAILED') {
      mark('FAILED', 'FAILED');
      for (const b of beneficiaries) b.failureReason = posted.reason;
      return report({ reason: posted.reason }, true);
    }
    mark('INITIATED', 'INITIATED');
    await report();
    // Returns can arrive at any stage from here on (FD has no SLA); they are recorded as they come.
    const returns = new ReturnsListener(input, beneficiaries, inbox, async (newly) => {
      if (status === 'SUCCESSFUL' || status === 'PARTIAL') mark('PARTIAL');
      await report();
      return newly;
    });
    returns.start();

    if (input.kind === 'ORIGINAL') {
      const sanction = await follower.follow('SANCTION', input.policy.sanction, (a) =>
        a.pollSanction({ piNumber: input.piNumber }),
      );
      if (sanction.status === 'REJECTED') {
        await returns.stop();
        mark('REJECTED', 'FAILED');
        for (const b of beneficiaries) b.failureReason = sanction.reason;
        return report({ reason: sanction.reason }, true);
      }
      mark('APPROVED');
      await report();
      await follower.follow('ADVICE', input.policy.advice, (a) => a.pollAdvice({ piNumber: input.piNumber }));
      mark('IN_PROCESS', 'IN_PROCESS');
      await report();
    }

    const stage = input.kind === 'ORIGINAL' ? input.policy.disbursement : input.policy.revisedDisbursement;
    const paid = await follower.follow('DISBURSEMENT', stage, (a) => a.pollDisbursement({ piNumber: input.piNumber }));
    for (const p of paid.paid) {
      const b = beneficiaries.find((x) => x.beneficiaryNumber === p.beneficiaryNumber);
      if (b && b.status !== 'FAILED') Object.assign(b, { status: 'SUCCESS', utrNo: p.utrNo });
    }
    mark(beneficiaries.some((b) => b.status === 'FAILED') ? 'PARTIAL' : 'SUCCESSFUL');
    await report();
    await returns.untilWindowCloses();
    let closing = await report({}, true);
    // Returns signalled while it closed were marked routed here by the sweep: record them, never drop them.
    while (await returns.recordLate()) closing = await report({}, true);
    return closing;
  };
  try {
    return await lifecycle();
  } catch (err) {
    // Whatever broke, the payment must hear that this PI is over, or it would wait for it forever.
    if (isCancellation(err)) throw err;
    mark('FAILED');
    await report({ reason: err instanceof Error ? err.message : String(err) }, true);
    throw err;
  }
}

/**
 * Records returned beneficiaries as they arrive, from the FD sweep's signals (any stage after the
 * post) and, for a revision, from FTFPS polling once it is paid: the treasury reports a correction's
 * failures only there. Listening ends when the returns window closes after payment.
 */
class ReturnsListener {
  private stopped = false;
  private loop: Promise<void> | undefined;
  private readonly record = proxyActivities<Activities>(recordOptions);

  constructor(
    private readonly input: InstructionInput,
    private readonly beneficiaries: BeneficiaryProgress[],
    private readonly inbox: ReturnedBeneficiary[],
    private readonly onReturned: (newly: ReturnedBeneficiary[]) => Promise<unknown>,
  ) {}

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  async untilWindowCloses(): Promise<void> {
    if (this.input.kind === 'REVISED') this.pollCorrectionFailures();
    const everyoneFailed = () => this.beneficiaries.every((b) => b.status === 'FAILED');
    await condition(everyoneFailed, this.input.policy.returnsWindowMs);
    await this.stop();
  }

  /** After listening stopped: records what arrived since, if anything (true), reporting it as usual. */
  async recordLate(): Promise<boolean> {
    if (this.inbox.length === 0) return false;
    await this.recordBatch();
    return true;
  }

  private async run(): Promise<void> {
    for (;;) {
      await condition(() => this.inbox.length > 0 || this.stopped);
      if (this.inbox.length === 0) return;
      await this.recordBatch();
    }
  }

  private async recordBatch(): Promise<void> {
    const batch = this.inbox.splice(0, this.inbox.length);
    const recorded = await this.record.recordReturns({
      piNumber: this.input.piNumber,
      returned: batch,
      creditBack: this.input.policy.creditReturnsToSanction && this.input.kind === 'ORIGINAL',
    });
    // `returned` is everything now failed, even if a lost earlier attempt recorded it (older
    // histories only carry `newlyReturned`).
    const changed: ReturnedBeneficiary[] = [];
    for (const r of recorded.returned ?? recorded.newlyReturned) {
      const b = this.beneficiaries.find((x) => x.beneficiaryNumber === r.beneficiaryNumber);
      if (!b || b.status === 'FAILED') continue;
      Object.assign(b, { status: 'FAILED', failureReason: r.reason });
      changed.push(r);
    }
    if (changed.length > 0) await this.onReturned(changed);
  }

  private pollCorrectionFailures(): void {
    const policy = this.input.policy;
    const acts = proxyActivities<Activities>({
      startToCloseTimeout: '1 minute',
      scheduleToCloseTimeout: policy.returnsWindowMs,
      retry: {
        initialInterval: policy.revisedDisbursement.initialIntervalMs,
        backoffCoefficient: policy.revisedDisbursement.backoffCoefficient,
        maximumInterval: policy.revisedDisbursement.maximumIntervalMs,
      },
    });
    acts
      .pollCorrectionFailures({ piNumber: this.input.piNumber })
      .then((r) => this.inbox.push(...r.returned))
      .catch((err: unknown) => {
        // Timing out at the window's end means "no failures reported"; anything else is logged
        // and left to the FD sweep, which also routes returns here.
        if (!isScheduleToCloseTimeout(err)) log.warn('FTFPS polling failed', { error: String(err) });
      });
  }
}
