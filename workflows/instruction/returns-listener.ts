import { CancellationScope, condition, isCancellation, log, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { BeneficiaryProgress, InstructionInput, ReturnedBeneficiary } from '../../contracts';
import { recordOptions } from '../activity-options';
import { withSummaries } from '../payment/activity-summaries';
import { isScheduleToCloseTimeout } from '../payment/follow-stage';

/**
 * Records returned beneficiaries as they arrive, from the FD sweep's signals (any stage after the
 * post) and, for a revision, from FTFPS, which it listens to from acceptance until its returns window
 * closes: the treasury reports a correction's failures only there, possibly over several rounds, and
 * possibly for beneficiaries FTPS leaves out.
 */
export class ReturnsListener {
  private stopped = false;
  private loop: Promise<void> | undefined;
  private ftfpsLoop: Promise<void> | undefined;
  private ftfpsScope: CancellationScope | undefined;
  private readonly record = withSummaries(proxyActivities<Activities>(recordOptions));

  constructor(
    private readonly input: InstructionInput,
    private readonly beneficiaries: BeneficiaryProgress[],
    private readonly inbox: ReturnedBeneficiary[],
    private readonly onReturned: (newly: ReturnedBeneficiary[]) => Promise<unknown>,
  ) {}

  start(): void {
    this.loop = this.run();
    if (this.input.kind === 'REVISED') this.ftfpsLoop = this.listenToCorrectionFailures();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.ftfpsScope?.cancel();
    await this.ftfpsLoop;
    await this.loop;
  }

  async untilWindowCloses(): Promise<void> {
    const everyoneFailed = () => this.beneficiaries.every((b) => b.status === 'FAILED');
    await condition(everyoneFailed, this.input.policy.returnsWindowMs, {
      summary: 'Returns window: listen for bank returns until it closes',
    });
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

  /** One FTFPS poll per activity retry; each answer with new failures is recorded, then it listens again. */
  private async listenToCorrectionFailures(): Promise<void> {
    const policy = this.input.policy;
    const acts = withSummaries(
      proxyActivities<Activities>({
        startToCloseTimeout: '1 minute',
        scheduleToCloseTimeout: policy.returnsWindowMs,
        retry: {
          initialInterval: policy.revisedDisbursement.initialIntervalMs,
          backoffCoefficient: policy.revisedDisbursement.backoffCoefficient,
          maximumInterval: policy.revisedDisbursement.maximumIntervalMs,
        },
      }),
    );
    while (!this.stopped) {
      this.ftfpsScope = new CancellationScope();
      try {
        const r = await this.ftfpsScope.run(() => acts.pollCorrectionFailures({ piNumber: this.input.piNumber }));
        this.inbox.push(...r.returned);
        // Let the batch be recorded before asking again, so the next answer counts only what is new.
        await condition(() => this.inbox.length === 0 || this.stopped);
      } catch (err) {
        if (this.stopped || isCancellation(err)) return;
        // A quiet span as long as the window is no reason to stop listening before the window closes.
        if (!isScheduleToCloseTimeout(err)) {
          log.warn('FTFPS polling failed; listening on', { error: String(err) });
          await condition(() => this.stopped, policy.revisedDisbursement.maximumIntervalMs, {
            summary: 'Wait before polling FTFPS again after an error',
          });
        }
      } finally {
        this.ftfpsScope = undefined;
      }
    }
  }
}
