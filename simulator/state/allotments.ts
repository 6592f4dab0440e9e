import { parseIst } from '../ist';
import type { AllotmentTxnType, SeedSsu, TreasurySeed } from '../seed/schema';

export interface AllotmentTransaction {
  mstAllotmentDistId: string;
  allotmentTxnSlNo: string;
  ssuAllotmentId: string;
  recordedAt: number;
  type: AllotmentTxnType;
  amountPaise: number;
  /** The master allotment's sanction not yet allotted, after this transaction (what VA reports). */
  availableBalancePaise: number;
}

export interface MasterAllotment {
  mstAllotmentDistId: string;
  ddoCode: string;
  hoa: string;
  schemeCode: string;
  schemeName: string;
  sanctionedPaise: number;
  transactions: AllotmentTransaction[];
}

export interface NewAllotment {
  ddoCode: string;
  hoa: string;
  type: AllotmentTxnType;
  amountPaise: number;
  /** Required for additional allotments and withdrawals; generated for a new Initial Allotment when absent. */
  mstAllotmentDistId?: string;
  /** For an Initial Allotment: the new master's sanction (default: the amount itself). */
  sanctionedPaise?: number;
  schemeCode?: string;
  schemeName?: string;
  ssuAllotmentId?: string;
  recordedAt?: number;
}

export class LedgerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LedgerError';
  }
}

const DEFAULT_SCHEME = { schemeCode: '13145', schemeName: 'Mukhyamantri Karma Tatpara Abhiyan (MUKTA)' };

/** SSUs, heads of account and master allotments with their allotment transactions (what VA reads). */
export class AllotmentLedger {
  private readonly ssusByDdo = new Map<string, SeedSsu>();
  private readonly ssusById = new Map<string, SeedSsu>();
  private readonly hoas = new Set<string>();
  private readonly masters = new Map<string, MasterAllotment>();
  /** Last allotment serial per SSU × HOA (the treasury numbers non-initial allotments 1, 2, … per pair). */
  private readonly serials = new Map<string, number>();
  private ssuAllotmentSeq = 0;

  constructor(seed: TreasurySeed) {
    for (const ssu of seed.ssus) {
      this.ssusByDdo.set(ssu.ddoCode, ssu);
      this.ssusById.set(ssu.ssuId, ssu);
    }
    for (const hoa of seed.headsOfAccount) this.hoas.add(hoa.code);
    for (const m of seed.masterAllotments) {
      const transactions = m.transactions.map((t) => ({
        mstAllotmentDistId: m.mstAllotmentDistId,
        allotmentTxnSlNo: t.allotmentTxnSlNo,
        ssuAllotmentId: t.ssuAllotmentId,
        recordedAt: parseIst(t.recordedAt)!,
        type: t.type,
        amountPaise: t.amountPaise,
        availableBalancePaise: t.availableBalancePaise,
      }));
      this.masters.set(m.mstAllotmentDistId, { ...m, transactions });
      for (const t of transactions) {
        const key = pairKey(m.ddoCode, m.hoa);
        this.serials.set(key, Math.max(this.serials.get(key) ?? 0, Number(t.allotmentTxnSlNo) || 0));
        this.ssuAllotmentSeq = Math.max(this.ssuAllotmentSeq, Number(t.ssuAllotmentId) || 0);
      }
    }
  }

  ssuByDdo(ddoCode: string): SeedSsu | undefined {
    return this.ssusByDdo.get(ddoCode);
  }

  ssuById(ssuId: string): SeedSsu | undefined {
    return this.ssusById.get(ssuId);
  }

  hasHoa(hoa: string): boolean {
    return this.hoas.has(hoa);
  }

  master(mstAllotmentDistId: string): MasterAllotment | undefined {
    return this.masters.get(mstAllotmentDistId);
  }

  /**
   * Sum of allotments minus withdrawals recorded up to `asOf` (all of them when absent): what PIs against
   * this master may spend in total.
   */
  netAllottedPaise(mstAllotmentDistId: string, asOf = Number.POSITIVE_INFINITY): number {
    const master = this.masters.get(mstAllotmentDistId);
    if (!master) return 0;
    return master.transactions.reduce((sum, t) => (t.recordedAt <= asOf ? sum + signed(t) : sum), 0);
  }

  /** Transactions of one SSU × HOA recorded in [fromMs, toMs], oldest first. */
  transactionsBetween(
    ddoCode: string,
    hoa: string,
    fromMs: number,
    toMs: number,
  ): Array<{ master: MasterAllotment; txn: AllotmentTransaction }> {
    const rows: Array<{ master: MasterAllotment; txn: AllotmentTransaction }> = [];
    for (const master of this.masters.values()) {
      if (master.ddoCode !== ddoCode || master.hoa !== hoa) continue;
      for (const txn of master.transactions)
        if (txn.recordedAt >= fromMs && txn.recordedAt <= toMs) rows.push({ master, txn });
    }
    return rows.sort(
      (a, b) => a.txn.recordedAt - b.txn.recordedAt || Number(a.txn.allotmentTxnSlNo) - Number(b.txn.allotmentTxnSlNo),
    );
  }

  add(input: NewAllotment, now: number): AllotmentTransaction {
    if (!this.ssusByDdo.has(input.ddoCode)) throw new LedgerError(`unknown ddoCode ${input.ddoCode}`);
    if (!this.hoas.has(input.hoa)) throw new LedgerError(`unknown hoa ${input.hoa}`);
    if (!Number.isSafeInteger(input.amountPaise) || input.amountPaise <= 0) {
      throw new LedgerError('amount must be a positive number of paise');
    }
    const key = pairKey(input.ddoCode, input.hoa);
    let master: MasterAllotment;
    let serial: number;
    if (input.type === 'Initial Allotment') {
      const id = input.mstAllotmentDistId ?? this.nextMasterId();
      if (this.masters.has(id)) throw new LedgerError(`master allotment ${id} already exists`);
      const sanctionedPaise = input.sanctionedPaise ?? input.amountPaise;
      if (sanctionedPaise < input.amountPaise)
        throw new LedgerError('the sanction is smaller than the initial allotment');
      master = {
        mstAllotmentDistId: id,
        ddoCode: input.ddoCode,
        hoa: input.hoa,
        schemeCode: input.schemeCode ?? DEFAULT_SCHEME.schemeCode,
        schemeName: input.schemeName ?? DEFAULT_SCHEME.schemeName,
        sanctionedPaise,
        transactions: [],
      };
      this.masters.set(id, master);
      serial = 0;
    } else {
      const id = input.mstAllotmentDistId;
      const found = id === undefined ? undefined : this.masters.get(id);
      if (!found) throw new LedgerError(`${input.type} needs an existing mstAllotmentDistId`);
      if (found.ddoCode !== input.ddoCode || found.hoa !== input.hoa) {
        throw new LedgerError(`master allotment ${found.mstAllotmentDistId} belongs to another DDO or HOA`);
      }
      master = found;
      serial = (this.serials.get(key) ?? 0) + 1;
    }
    const netAfter = this.netAllottedPaise(master.mstAllotmentDistId) + signed(input);
    if (netAfter < 0) throw new LedgerError('the withdrawal is larger than what was allotted');
    if (netAfter > master.sanctionedPaise) throw new LedgerError('allotments would exceed the sanction');
    const txn: AllotmentTransaction = {
      mstAllotmentDistId: master.mstAllotmentDistId,
      allotmentTxnSlNo: String(serial),
      ssuAllotmentId: input.ssuAllotmentId ?? String(++this.ssuAllotmentSeq),
      recordedAt: input.recordedAt ?? now,
      type: input.type,
      amountPaise: input.amountPaise,
      availableBalancePaise: master.sanctionedPaise - netAfter,
    };
    master.transactions.push(txn);
    if (serial > 0) this.serials.set(key, serial);
    return txn;
  }

  private nextMasterId(): string {
    let max = 0;
    for (const id of this.masters.keys()) max = Math.max(max, Number(id) || 0);
    return String(max + 1);
  }
}

function pairKey(ddoCode: string, hoa: string): string {
  return `${ddoCode}|${hoa}`;
}

function signed(t: { type: AllotmentTxnType; amountPaise: number }): number {
  return t.type === 'Allotment withdrawal' ? -t.amountPaise : t.amountPaise;
}
