import type { Knex } from 'knex';

/**
 * The payees of each payment as last corrected: written once when the payment is first recorded and
 * on each correction, read by the activity that prepares a PI. Workflows pass beneficiary numbers
 * only, so names, accounts and mobiles are not repeated through workflow history.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('payment_beneficiaries', (t) => {
    t.text('payment_workflow_id').notNullable().references('payments.workflow_id');
    t.text('beneficiary_number').notNullable();
    t.text('tenant_id').notNullable();
    t.text('name').notNullable();
    t.text('account_number').notNullable();
    t.text('ifsc').notNullable();
    t.bigInteger('amount_paise').notNullable();
    t.text('type').notNullable();
    t.text('mobile').notNullable();
    t.text('address').notNullable();
    t.specificType('line_item_ids', 'text[]').notNullable().defaultTo('{}');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['payment_workflow_id', 'beneficiary_number']);
  });
  await knex.schema.alterTable('payments', (t) => {
    t.text('last_error');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('payments', (t) => {
    t.dropColumn('last_error');
  });
  await knex.schema.dropTableIfExists('payment_beneficiaries');
}
