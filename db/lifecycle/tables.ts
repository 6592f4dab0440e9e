/** The lifecycle tables' names, declared once: every query over them lives in `db/lifecycle/`. */
export const LifecycleTable = {
  payments: 'payments',
  paymentBeneficiaries: 'payment_beneficiaries',
  instructions: 'payment_instructions',
  piBeneficiaries: 'pi_beneficiaries',
  statusLog: 'status_log',
  outboxEvents: 'outbox_events',
} as const;

export type Queryable = import('knex').Knex | import('knex').Knex.Transaction;
