import type { Knex } from 'knex';

export interface RegisterFilter {
  tenantId: string;
  hoaCode?: string;
  /** Inclusive IST calendar dates bounding which entries are listed and summed. */
  fromDate?: string;
  toDate?: string;
}

export interface RegisterEntry {
  id: number;
  kind: 'ALLOTMENT' | 'ADDITIONAL' | 'WITHDRAWAL' | 'DEBIT' | 'REVERSAL';
  amountPaise: number;
  entryDate: string;
  cause: { allotment?: { ssuAllotmentId: string; allotmentTxnSlNo: string }; reservationKey?: string };
}

export interface RegisterSanction {
  masterAllotmentId: string;
  hoaCode: string;
  hoaName: string;
  ddoCode: string;
  financialYear: string;
  sanctionedPaise: number;
  /** Sums of the listed entries by kind (all entries when no date range is given). */
  allottedPaise: number;
  withdrawnPaise: number;
  debitedPaise: number;
  reversedPaise: number;
  /** The sanction's balance now (not limited by the date range). */
  availablePaise: number;
  inDeficit: boolean;
  entries: RegisterEntry[];
}

/**
 * The fund allocation register users asked for (legacy §4.3): per sanction, what was sanctioned,
 * allotted, withdrawn, spent (debited) and credited back, the balance, and every entry with its date.
 */
export async function fundRegister(db: Knex, filter: RegisterFilter): Promise<RegisterSanction[]> {
  const sanctions = (await db('sanctions as s')
    .join('sanction_balances as b', 'b.sanction_id', 's.id')
    .join('heads_of_account as h', 'h.code', 's.hoa_code')
    .where('s.tenant_id', filter.tenantId)
    .modify((q) => {
      if (filter.hoaCode) void q.andWhere('s.hoa_code', filter.hoaCode);
    })
    .orderBy('h.sequence')
    .orderBy('s.id')
    .select(
      's.id',
      's.master_allotment_id',
      's.hoa_code',
      'h.name as hoa_name',
      's.ddo_code',
      's.financial_year',
      's.sanctioned_paise',
      'b.available_paise',
      'b.in_deficit',
    )) as Array<{
    id: number;
    master_allotment_id: string;
    hoa_code: string;
    hoa_name: string;
    ddo_code: string;
    financial_year: string;
    sanctioned_paise: number;
    available_paise: number;
    in_deficit: boolean;
  }>;
  if (sanctions.length === 0) return [];
  const entries = (await db('ledger_entries as e')
    .leftJoin('allotments as a', 'a.id', 'e.allotment_id')
    .leftJoin('fund_reservations as r', 'r.id', 'e.reservation_id')
    .whereIn(
      'e.sanction_id',
      sanctions.map((s) => s.id),
    )
    .modify((q) => {
      if (filter.fromDate) void q.andWhere('e.entry_date', '>=', filter.fromDate);
      if (filter.toDate) void q.andWhere('e.entry_date', '<=', filter.toDate);
    })
    .orderBy('e.entry_date')
    .orderBy('e.id')
    .select(
      'e.id',
      'e.sanction_id',
      'e.kind',
      'e.amount_paise',
      db.raw(`to_char(e.entry_date, 'YYYY-MM-DD') as entry_date`),
      'a.ssu_allotment_id',
      'a.allotment_txn_sl_no',
      'r.reservation_key',
    )) as Array<{
    id: number;
    sanction_id: number;
    kind: RegisterEntry['kind'];
    amount_paise: number;
    entry_date: string;
    ssu_allotment_id: string | null;
    allotment_txn_sl_no: string | null;
    reservation_key: string | null;
  }>;
  return sanctions.map((s) => {
    const own = entries.filter((e) => e.sanction_id === s.id);
    const sum = (...kinds: RegisterEntry['kind'][]) =>
      own.filter((e) => kinds.includes(e.kind)).reduce((total, e) => total + e.amount_paise, 0);
    return {
      masterAllotmentId: s.master_allotment_id,
      hoaCode: s.hoa_code,
      hoaName: s.hoa_name,
      ddoCode: s.ddo_code,
      financialYear: s.financial_year,
      sanctionedPaise: s.sanctioned_paise,
      allottedPaise: sum('ALLOTMENT', 'ADDITIONAL'),
      withdrawnPaise: sum('WITHDRAWAL'),
      debitedPaise: sum('DEBIT'),
      reversedPaise: sum('REVERSAL'),
      availablePaise: s.available_paise,
      inDeficit: s.in_deficit,
      entries: own.map((e) => ({
        id: e.id,
        kind: e.kind,
        amountPaise: e.amount_paise,
        entryDate: e.entry_date,
        cause: e.reservation_key
          ? { reservationKey: e.reservation_key }
          : { allotment: { ssuAllotmentId: e.ssu_allotment_id ?? '', allotmentTxnSlNo: e.allotment_txn_sl_no ?? '' } },
      })),
    };
  });
}

/**
 * Sanctions whose maintained balance differs from the sum of their ledger entries. Always empty on
 * a healthy ledger; tests and the chaos suite assert it.
 */
export async function ledgerMismatches(
  db: Knex,
): Promise<Array<{ sanctionId: number; summary: number; entries: number }>> {
  const rows = (await db.raw(`
    SELECT b.sanction_id, b.available_paise AS summary,
           COALESCE(SUM(CASE WHEN e.kind IN ('ALLOTMENT','ADDITIONAL','REVERSAL') THEN e.amount_paise
                             ELSE -e.amount_paise END), 0)::bigint AS entries
    FROM sanction_balances b LEFT JOIN ledger_entries e ON e.sanction_id = b.sanction_id
    GROUP BY b.sanction_id, b.available_paise
    HAVING b.available_paise <> COALESCE(SUM(CASE WHEN e.kind IN ('ALLOTMENT','ADDITIONAL','REVERSAL') THEN e.amount_paise
                                                  ELSE -e.amount_paise END), 0)`)) as {
    rows: Array<{ sanction_id: number; summary: number; entries: number }>;
  };
  return rows.rows.map((r) => ({ sanctionId: r.sanction_id, summary: r.summary, entries: r.entries }));
}
