import type { Clock } from '../clock';
import { Dialect } from '../dialect';
import type { JitErrorMsg } from '../error-codes';
import { istFinancialYear } from '../ist';
import type { CorParams, PiParams } from '../requests';
import type { TreasurySeed } from '../seed/schema';
import { validateCorrection, validatePaymentInstruction } from '../validation';
import { AllotmentLedger, type AllotmentTransaction, type NewAllotment } from './allotments';
import type { LifecycleDelays, StageTimeline } from './delays';
import { DEFAULT_FAILURE_RULES, type FailureRule } from './failure-rules';
import { IdentifierSequence } from './identifiers';
import { isReturnVisible, planPayment, type BeneficiaryPayment } from './payments';
import { ReceivedLog } from './received';
import {
  piStage,
  type CorrectionRecord,
  type PaymentInstructionRecord,
  type PiIdentifierOverrides,
  type PiStage,
} from './records';

export interface TreasuryStateOptions {
  seed: TreasurySeed;
  clock: Clock;
  delays: LifecycleDelays;
  /** Bills whose number matches are rejected by the SSU; null disables the rule. Default /REJECT/. */
  rejectBillPattern?: RegExp | null;
  failureRules?: readonly FailureRule[];
  /** How this treasury words and times things; default faithful. */
  dialect?: Dialect;
  /** Each PI's stage times, in place of the fixed delays and the dialect's signing time. */
  timeline?: StageTimeline;
}

export type Submission<T> = { ok: true; record: T } | { ok: false; errors: JitErrorMsg[] };

/** A returned payment as FD / FTFPS report it, with the bill it belonged to. */
export interface VisibleReturn {
  pi: PaymentInstructionRecord;
  payment: BeneficiaryPayment;
}

export type RejectOutcome = 'REJECTED' | 'WILL_REJECT' | 'ALREADY_DECIDED';

/**
 * The simulated treasury's whole memory: allotments, accepted PIs and corrections, and what was
 * received. Nothing runs in the background: every status is derived from the injected clock, so a
 * test moves a bill through its life by moving the clock.
 */
export class TreasuryState {
  readonly ledger: AllotmentLedger;
  readonly received = new ReceivedLog();
  readonly delays: LifecycleDelays;
  readonly dialect: Dialect;
  private readonly clock: Clock;
  private readonly timeline: StageTimeline | undefined;
  private readonly ids = new IdentifierSequence();
  private readonly rejectPattern: RegExp | null;
  private readonly failureRules: readonly FailureRule[];
  private readonly pis = new Map<string, PaymentInstructionRecord>();
  private readonly pisByBillRef = new Map<string, PaymentInstructionRecord>();
  private readonly committedByMaster = new Map<string, number>();
  /** Rejected PIs are few; their money goes back to the allotment once the rejection is effective. */
  private readonly rejectedPis = new Set<PaymentInstructionRecord>();
  private readonly corrections = new Map<string, CorrectionRecord>();
  private readonly correctionsByOriginal = new Map<string, CorrectionRecord[]>();
  private readonly presets = new Map<string, { reject?: boolean; identifiers?: PiIdentifierOverrides }>();

  constructor(options: TreasuryStateOptions) {
    this.ledger = new AllotmentLedger(options.seed);
    this.clock = options.clock;
    this.delays = { ...options.delays };
    this.rejectPattern = options.rejectBillPattern === undefined ? /REJECT/ : options.rejectBillPattern;
    this.failureRules = options.failureRules ?? DEFAULT_FAILURE_RULES;
    this.dialect = options.dialect ?? new Dialect();
    this.timeline = options.timeline;
  }

  now(): number {
    return this.clock.now();
  }

  // ---- allotments (VA) ----

  addAllotment(input: NewAllotment): AllotmentTransaction {
    return this.ledger.add(input, this.now());
  }

  /** What new PIs may still draw from a master allotment: allotted so far, minus live PIs. */
  availablePaise(mstAllotmentDistId: string): number {
    const now = this.now();
    let credited = 0;
    for (const pi of this.rejectedPis) {
      if (pi.mstAllotmentDistId === mstAllotmentDistId && now >= pi.approvalAt) credited += pi.grossPaise;
    }
    return (
      this.ledger.netAllottedPaise(mstAllotmentDistId, now) -
      (this.committedByMaster.get(mstAllotmentDistId) ?? 0) +
      credited
    );
  }

  // ---- payment instructions (PI, PIS, PAG, PD) ----

  submitPaymentInstruction(params: PiParams): Submission<PaymentInstructionRecord> {
    this.received.recordPaymentInstruction(params.jitBillNo);
    if (this.pis.has(params.jitBillNo)) return { ok: false, errors: [this.dialect.duplicateRefusal(params.jitBillNo)] };
    const validated = validatePaymentInstruction(params, {
      ssuByDdo: (ddo) => this.ledger.ssuByDdo(ddo),
      master: (id) => this.ledger.master(id),
      availablePaise: (id) => this.availablePaise(id),
    });
    if (!validated.ok) return validated;
    const { ssu, grossPaise, netPaise, payees } = validated.value;

    const now = this.now();
    const times = this.timeline?.(now, params.jitBillNo);
    const d = times ? { ...this.delays, returnDelayMs: times.returnDelayMs } : this.delays;
    const approvalAt = times?.approvalAt ?? now + (this.dialect.signingDelayMs(now) ?? d.ssuApprovalDelayMs);
    const adviceAt = times?.adviceAt ?? approvalAt + d.adviceDelayMs;
    const disbursedAt = times?.disbursedAt ?? adviceAt + d.disbursementDelayMs;
    const preset = this.presets.get(params.jitBillNo);
    this.presets.delete(params.jitBillNo);
    const fixed = preset?.identifiers ?? {};
    if (fixed.onlineBillRefNo) this.ids.claimBillRefNo(fixed.onlineBillRefNo);
    const record: PaymentInstructionRecord = {
      jitBillNo: params.jitBillNo,
      jitBillDate: params.jitBillDate,
      ddoCode: ssu.ddoCode,
      granteeAgCode: ssu.granteeAgCode,
      ssuIaId: ssu.ssuId,
      ssuOffice: ssu.ssuOffice,
      hoa: params.hoa,
      schemeCode: params.schemeCode ?? this.ledger.master(params.mstAllotmentDistId)?.schemeCode ?? '',
      mstAllotmentDistId: params.mstAllotmentDistId,
      grossPaise,
      netPaise,
      receivedAt: now,
      approvalAt,
      adviceAt,
      disbursedAt,
      rejected: preset?.reject ?? this.rejectPattern?.test(params.jitBillNo) === true,
      pmtInstId: fixed.pmtInstId ?? this.ids.nextPmtInstId(),
      adviceId: fixed.adviceId ?? this.ids.nextAdviceId(),
      onlineBillRefNo: fixed.onlineBillRefNo ?? this.ids.nextBillRefNo(adviceAt),
      tokenNumber: fixed.tokenNumber ?? this.ids.nextTokenNumber(),
      voucherNo: fixed.voucherNo ?? this.ids.nextVoucherNo(),
      finYear: istFinancialYear(adviceAt),
      beneficiaries: payees.map((p) => planPayment(p, disbursedAt, d, this.failureRules, this.ids)),
    };
    this.pis.set(record.jitBillNo, record);
    this.pisByBillRef.set(record.onlineBillRefNo, record);
    this.committedByMaster.set(
      record.mstAllotmentDistId,
      (this.committedByMaster.get(record.mstAllotmentDistId) ?? 0) + grossPaise,
    );
    if (record.rejected) this.rejectedPis.add(record);
    return { ok: true, record };
  }

  paymentInstruction(jitBillNo: string): PaymentInstructionRecord | undefined {
    return this.pis.get(jitBillNo);
  }

  paymentInstructionByBillRef(onlineBillRefNo: string): PaymentInstructionRecord | undefined {
    return this.pisByBillRef.get(onlineBillRefNo);
  }

  stageOf(pi: PaymentInstructionRecord): PiStage {
    return piStage(pi, this.now());
  }

  /** Fix what happens to a bill before it arrives: an SSU rejection, or identifiers a test wants. */
  presetPaymentInstruction(jitBillNo: string, preset: { reject?: boolean; identifiers?: PiIdentifierOverrides }): void {
    const existing = this.presets.get(jitBillNo) ?? {};
    this.presets.set(jitBillNo, {
      ...existing,
      ...preset,
      identifiers: { ...existing.identifiers, ...preset.identifiers },
    });
  }

  /** The admin override: the SSU rejects this bill (if it has not decided yet), or will when it arrives. */
  rejectPaymentInstruction(jitBillNo: string): RejectOutcome {
    const pi = this.pis.get(jitBillNo);
    if (!pi) {
      this.presetPaymentInstruction(jitBillNo, { reject: true });
      return 'WILL_REJECT';
    }
    if (pi.rejected) return 'REJECTED';
    if (this.now() >= pi.approvalAt) return 'ALREADY_DECIDED';
    pi.rejected = true;
    this.rejectedPis.add(pi);
    return 'REJECTED';
  }

  /** Every PI, oldest first (admin views and FD scans). */
  allPaymentInstructions(): IterableIterator<PaymentInstructionRecord> {
    return this.pis.values();
  }

  // ---- returns (FD) ----

  /** Returns of original PIs visible now whose return became visible at or after `fromMs`. */
  returnsVisibleSince(fromMs: number): VisibleReturn[] {
    const now = this.now();
    const found: VisibleReturn[] = [];
    for (const pi of this.pis.values()) {
      if (pi.rejected || now < pi.disbursedAt) continue;
      for (const payment of pi.beneficiaries) {
        if (isReturnVisible(payment, now) && payment.returned!.visibleAt >= fromMs) found.push({ pi, payment });
      }
    }
    return found;
  }

  // ---- corrections (COR, FTPS, FTFPS) ----

  submitCorrection(params: CorParams): Submission<CorrectionRecord> {
    this.received.recordCorrection(params.jitCorBillNo);
    if (this.corrections.has(params.jitCorBillNo)) {
      return { ok: false, errors: [this.dialect.duplicateRefusal(params.jitCorBillNo)] };
    }
    const now = this.now();
    const validated = validateCorrection(params, {
      original: (billNo) => {
        const pi = this.pis.get(billNo);
        if (!pi) return undefined;
        const stage = piStage(pi, now);
        return {
          onlineBillRefNo: pi.onlineBillRefNo,
          advised: stage === 'ADVISED' || stage === 'DISBURSED',
          beneficiaries: pi.beneficiaries,
        };
      },
      latestAttempt: (billNo, benefId) => {
        const attempt = this.latestAttempt(billNo, benefId);
        return attempt && { ...attempt, returnVisible: isReturnVisible(attempt, now) };
      },
    });
    if (!validated.ok) return validated;
    const disbursedAt = now + this.delays.disbursementDelayMs;
    const record: CorrectionRecord = {
      jitCorBillNo: params.jitCorBillNo,
      jitCorBillDate: params.jitCorBillDate,
      jitOrgBillNo: params.jitOrgBillNo,
      jitOrgBillRefNo: params.jitOrgBillRefNo,
      receivedAt: now,
      disbursedAt,
      billRefNo: this.ids.nextBillRefNo(disbursedAt),
      tokenNumber: this.ids.nextTokenNumber(),
      voucherNo: this.ids.nextVoucherNo(),
      beneficiaries: this.staggerReturns(
        validated.value.map((p) => planPayment(p, disbursedAt, this.delays, this.failureRules, this.ids)),
      ),
    };
    this.corrections.set(record.jitCorBillNo, record);
    const siblings = this.correctionsByOriginal.get(record.jitOrgBillNo) ?? [];
    siblings.push(record);
    this.correctionsByOriginal.set(record.jitOrgBillNo, siblings);
    return { ok: true, record };
  }

  /** Spreads a correction's returns over the dialect's FTFPS rounds, `returnDelayMs` apart. */
  private staggerReturns(payments: BeneficiaryPayment[]): BeneficiaryPayment[] {
    const rounds = this.dialect.config.ftfpsRounds;
    let i = 0;
    for (const p of payments) {
      if (!p.returned) continue;
      p.returned.visibleAt += (i % rounds) * this.delays.returnDelayMs;
      i += 1;
    }
    return payments;
  }

  correction(jitCorBillNo: string): CorrectionRecord | undefined {
    return this.corrections.get(jitCorBillNo);
  }

  /** The last payment made to a beneficiary of an original bill: in its latest correction, else in the original. */
  latestAttempt(jitOrgBillNo: string, benefId: string): BeneficiaryPayment | undefined {
    const corrections = this.correctionsByOriginal.get(jitOrgBillNo) ?? [];
    for (let i = corrections.length - 1; i >= 0; i--) {
      const hit = corrections[i]!.beneficiaries.find((b) => b.benefId === benefId);
      if (hit) return hit;
    }
    return this.pis.get(jitOrgBillNo)?.beneficiaries.find((b) => b.benefId === benefId);
  }
}
