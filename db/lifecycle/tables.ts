import type { Knex } from 'knex';

/** The lifecycle tables' names, declared once: every query over them lives in `db/lifecycle/`. */
export const LifecycleTable = {
  payments: 'payments',
  paymentBeneficiaries: 'payment_beneficiaries',
  instructions: 'payment_instructions',
  piBeneficiaries: 'pi_beneficiaries',
  statusLog: 'status_log',
  outboxEvents: 'outbox_events',
} as const;

/** Every lifecycle query runs on the pool or inside the caller's transaction. */
export type Queryable = Knex | Knex.Transaction;
