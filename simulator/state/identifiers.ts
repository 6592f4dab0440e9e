import { istYear } from '../ist';

/**
 * The treasury's own numbers (payment instruction ids, online bill references, tokens, vouchers, UTRs,
 * challans): plain counters, so a run is reproducible, in the fixtures' formats.
 */
export class IdentifierSequence {
  private pmtInstId = 1000;
  private adviceId = 100;
  private billRef = 11_000_000;
  private token = 0;
  private voucher = 22_000;
  private utr = 500_000;
  private endToEnd = 0;
  private challan = 86_000;
  private readonly usedBillRefs = new Set<string>();

  nextPmtInstId(): string {
    return String(++this.pmtInstId);
  }

  nextAdviceId(): string {
    return String(++this.adviceId);
  }

  /** 12 digits: the IST year, then an 8-digit serial (e.g. `202311171279`); never handed out twice. */
  nextBillRefNo(atMs: number): string {
    let ref: string;
    do {
      ref = `${istYear(atMs)}${String(++this.billRef).padStart(8, '0')}`;
    } while (this.usedBillRefs.has(ref));
    this.usedBillRefs.add(ref);
    return ref;
  }

  /** A reference that a test fixed in advance; later generated ones will skip it. */
  claimBillRefNo(ref: string): void {
    this.usedBillRefs.add(ref);
  }

  nextTokenNumber(): string {
    return String(++this.token);
  }

  nextVoucherNo(): string {
    return String(++this.voucher);
  }

  nextUtrNo(): string {
    return `RBI${++this.utr}`;
  }

  /** 26 characters like `EP112202320000003231520002`. */
  nextEndToEndId(atMs: number): string {
    return `EP1122${istYear(atMs)}${String(++this.endToEnd).padStart(16, '0')}`;
  }

  nextChallanNumber(): string {
    return String(++this.challan);
  }
}
