import type { Knex } from 'knex';
import { statusLogOf } from '../../db/lifecycle/payment-reads';

/** Status changes of a payment and of its PIs, oldest first, as the workflows recorded them. */
export async function statusTimeline(
  db: Knex,
  tenantId: string,
  subjects: { paymentWorkflowId?: string; piNumbers: string[] },
) {
  const rows = await statusLogOf(db, tenantId, subjects);
  return rows.map((r) => ({
    at: r.at.toISOString(),
    subject: r.subject,
    subjectId: r.subject_id,
    status: r.status,
    detail: r.detail,
  }));
}
