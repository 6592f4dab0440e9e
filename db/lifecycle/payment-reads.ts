import type { Knex } from 'knex';
import { keysetInstantSql, keysetPage, type Keyset, type KeysetOrder } from './keyset';
import type { PaymentRow } from './rows';
import { LifecycleTable } from './tables';

/** What the API shows of a payment, with the instant its keyset is taken from. */
export type ListedPayment = Omit<PaymentRow, 'tenant_id' | 'last_error'> & { cursor_at: string };

export interface PaymentSearch {
  status?: string;
  billNumber?: string;
  from?: string;
  to?: string;
  headOfAccount?: string;
  limit: number;
  after?: Keyset;
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
  db.raw(`${keysetInstantSql('p.submitted_at')} as cursor_at`),
];

const NEWEST_FIRST: KeysetOrder<ListedPayment> = {
  atColumn: 'p.submitted_at',
  idColumn: 'p.workflow_id',
  keyOf: (r) => ({ at: r.cursor_at, id: r.workflow_id }),
};

const payments = (db: Knex) => db(`${LifecycleTable.payments} as p`);

/** Newest first, keyset-paginated on (submitted_at, workflow_id); always within one tenant. */
export async function searchPaymentRows(db: Knex, tenantId: string, f: PaymentSearch) {
  const q = payments(db).where('p.tenant_id', tenantId);
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
          .from(`${LifecycleTable.instructions} as i`)
          .whereRaw('i.payment_workflow_id = p.workflow_id')
          .andWhere('i.hoa_code', hoa);
      });
    });
  }
  return keysetPage(q.select(columns(db)), NEWEST_FIRST, f);
}

export async function paymentRowByBill(db: Knex, tenantId: string, billNumber: string) {
  return (await payments(db).where({ 'p.tenant_id': tenantId, 'p.bill_number': billNumber }).first(columns(db))) as
    ListedPayment | undefined;
}

/** A status log row as the API's timeline shows it. */
export interface StatusLogEntry {
  at: Date;
  subject: 'PAYMENT' | 'PI';
  subject_id: string;
  status: string;
  detail: unknown;
}

/** Status changes of a payment and of its PIs, oldest first (at most 1000). */
export async function statusLogOf(
  db: Knex,
  tenantId: string,
  subjects: { paymentWorkflowId?: string; piNumbers: string[] },
): Promise<StatusLogEntry[]> {
  if (!subjects.paymentWorkflowId && subjects.piNumbers.length === 0) return [];
  return (await db(LifecycleTable.statusLog)
    .where('tenant_id', tenantId)
    .andWhere((w) => {
      if (subjects.paymentWorkflowId) void w.orWhere({ subject: 'PAYMENT', subject_id: subjects.paymentWorkflowId });
      if (subjects.piNumbers.length > 0) {
        void w.orWhere((pi) => {
          void pi.where('subject', 'PI').whereIn('subject_id', subjects.piNumbers);
        });
      }
    })
    .orderBy([{ column: 'at' }, { column: 'id' }])
    .limit(1000)
    .select('at', 'subject', 'subject_id', 'status', 'detail')) as StatusLogEntry[];
}
