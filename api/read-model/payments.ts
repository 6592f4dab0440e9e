import type { Knex } from 'knex';
import {
  paymentRowByBill,
  searchPaymentRows,
  type ListedPayment,
  type PaymentSearch,
} from '../../db/lifecycle/payment-reads';
import { decodeCursor, encodeCursor } from '../payments/cursor';
import { paymentLinks } from './links';

/** The API's filter: the search, continued from an opaque cursor. */
export type PaymentFilter = Omit<PaymentSearch, 'after'> & { cursor?: string };

export function toPaymentSummary(r: ListedPayment) {
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
  const { cursor, ...filter } = f;
  const page = await searchPaymentRows(db, tenantId, { ...filter, after: cursor ? decodeCursor(cursor) : undefined });
  return { items: page.items.map(toPaymentSummary), nextCursor: page.next ? encodeCursor(page.next) : null };
}

export async function findPayment(db: Knex, tenantId: string, billNumber: string): Promise<PaymentSummary | undefined> {
  const row = await paymentRowByBill(db, tenantId, billNumber);
  return row && toPaymentSummary(row);
}
