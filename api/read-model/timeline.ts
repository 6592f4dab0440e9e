import type { Knex } from 'knex';

interface StatusLogRow {
  at: Date;
  subject: 'PAYMENT' | 'PI';
  subject_id: string;
  status: string;
  detail: unknown;
}

/** Status changes of a payment and of its PIs, oldest first, as the workflows recorded them. */
export async function statusTimeline(
  db: Knex,
  tenantId: string,
  subjects: { paymentWorkflowId?: string; piNumbers: string[] },
) {
  if (!subjects.paymentWorkflowId && subjects.piNumbers.length === 0) return [];
  const rows = (await db('status_log')
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
    .select('at', 'subject', 'subject_id', 'status', 'detail')) as StatusLogRow[];
  return rows.map((r) => ({
    at: r.at.toISOString(),
    subject: r.subject,
    subjectId: r.subject_id,
    status: r.status,
    detail: r.detail,
  }));
}
