import type { Knex } from 'knex';
import { cursorInstantSql, decodeCursor, encodeCursor } from '../payments/cursor';
import { paymentLinks } from './links';

interface PaymentRow {
  workflow_id: string;
  bill_number: string;
  status: string;
  total_paise: number;
  beneficiary_count: number;
  head_of_account_codes: string[];
  submitted_by: string;
  submitted_at: Date;
  awaiting_funds_since: Date | null;
  updated_at: Date;
  cursor_at: string;
}

export interface PaymentFilter {
  status?: string;
  billNumber?: string;
  from?: string;
  to?: string;
  headOfAccount?: string;
  limit: number;
  cursor?: string;
}

const columns = (db: Knex) => [
  'p.workflow_id',
  'p.bill_number',
  'p.status',
  'p.total_paise',
  'p.beneficiary_count',
  'p.head_of_account_codes',
  'p.submitted_by',
  'p.submitted_at',
  'p.awaiting_funds_since',
  'p.updated_at',
  db.raw(`${cursorInstantSql('p.submitted_at')} as cursor_at`),
];

export function toPaymentSummary(r: PaymentRow) {
  return {
    paymentId: r.workflow_id,
    billNumber: r.bill_number,
    status: r.status,
    totalPaise: r.total_paise,
    beneficiaryCount: r.beneficiary_count,
    headOfAccountCodes: r.head_of_account_codes,
    submittedBy: r.submitted_by,
    submittedAt: r.submitted_at.toISOString(),
    awaitingFundsSince: r.awaiting_funds_since?.toISOString() ?? null,
    updatedAt: r.updated_at.toISOString(),
    links: paymentLinks(r.bill_number),
  };
}
export type PaymentSummary = ReturnType<typeof toPaymentSummary>;

/** Newest first, keyset-paginated on (submitted_at, workflow_id); always within one tenant. */
export async function searchPayments(db: Knex, tenantId: string, f: PaymentFilter) {
  const q = db('payments as p').where('p.tenant_id', tenantId);
  if (f.status) void q.andWhere('p.status', f.status);
  if (f.billNumber) void q.andWhere('p.bill_number', f.billNumber);
  if (f.from) void q.andWhere('p.submitted_at', '>=', f.from);
  if (f.to) void q.andWhere('p.submitted_at', '<=', f.to);
  if (f.headOfAccount) {
    // Asked for by the submitter, or charged by one of its PIs (the funds step may pick another head).
    const hoa = f.headOfAccount;
    void q.andWhere((w) => {
      void w.whereRaw('? = ANY(p.head_of_account_codes)', [hoa]).orWhereExists((e) => {
        void e
          .select(db.raw('1'))
          .from('payment_instructions as i')
          .whereRaw('i.payment_workflow_id = p.workflow_id')
          .andWhere('i.hoa_code', hoa);
      });
    });
  }
  if (f.cursor) {
    const k = decodeCursor(f.cursor);
    void q.andWhereRaw('(p.submitted_at, p.workflow_id) < (?::timestamptz, ?)', [k.at, k.id]);
  }
  const rows = (await q
    .orderBy([
      { column: 'p.submitted_at', order: 'desc' },
      { column: 'p.workflow_id', order: 'desc' },
    ])
    .limit(f.limit + 1)
    .select(columns(db))) as PaymentRow[];
  const items = rows.slice(0, f.limit);
  const last = items[items.length - 1];
  return {
    items: items.map(toPaymentSummary),
    nextCursor: rows.length > f.limit && last ? encodeCursor({ at: last.cursor_at, id: last.workflow_id }) : null,
  };
}

export async function findPayment(db: Knex, tenantId: string, billNumber: string): Promise<PaymentSummary | undefined> {
  const row = (await db('payments as p')
    .where({ 'p.tenant_id': tenantId, 'p.bill_number': billNumber })
    .first(columns(db))) as PaymentRow | undefined;
  return row && toPaymentSummary(row);
}
