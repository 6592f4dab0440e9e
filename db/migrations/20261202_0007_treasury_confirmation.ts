import type { Knex } from 'knex';

/**
 * What exactly-once at the treasury needs to show a person: why a PI is flagged (the reason, and the
 * evidence of an UNCONFIRMED one: attempts, answers, last lookup), and the differences reconciliation
 * finds between our PI records and the treasury's, one row per PI and kind, kept for auditors.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('payment_instructions', (t) => {
    t.text('stuck_reason');
    t.jsonb('stuck_evidence');
  });
  await knex.schema.createTable('reconciliation_differences', (t) => {
    t.bigIncrements('id');
    t.text('tenant_id').notNullable();
    t.text('pi_number').notNullable();
    t.text('bill_number').notNullable();
    /** e.g. OURS_FAILED_TREASURY_LIVE, TREASURY_PAID_OURS_PENDING, AMOUNT_MISMATCH, UNKNOWN_AT_TREASURY. */
    t.text('kind').notNullable();
    t.text('our_status').notNullable();
    t.text('treasury_status').notNullable();
    t.bigInteger('our_amount_paise');
    t.bigInteger('treasury_amount_paise');
    t.timestamp('first_seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('resolved_at', { useTz: true });
    t.unique(['pi_number', 'kind']);
    t.index(['tenant_id', 'last_seen_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('reconciliation_differences');
  await knex.schema.alterTable('payment_instructions', (t) => {
    t.dropColumn('stuck_reason');
    t.dropColumn('stuck_evidence');
  });
}
