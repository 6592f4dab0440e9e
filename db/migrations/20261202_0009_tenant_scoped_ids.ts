import type { Knex } from 'knex';

/**
 * Ids a tenant chooses are unique within that tenant only: a webhook event id or a probe id used by
 * one tenant no longer shadows another's. And the payments a workflow flagged because an activity
 * failed deterministically (the same input can never succeed), for the operator inbox.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('webhook_inbound_events', (t) => {
    t.dropPrimary();
    t.primary(['tenant_id', 'event_id']);
  });
  // Probes written before this migration belonged to no tenant; they keep an empty one.
  await knex.schema.alterTable('platform_probes', (t) => {
    t.text('tenant_id').notNullable().defaultTo('');
  });
  await knex.schema.alterTable('platform_probes', (t) => {
    t.dropPrimary();
    t.primary(['tenant_id', 'probe_id']);
  });
  await knex.raw('ALTER TABLE platform_probes ALTER COLUMN tenant_id DROP DEFAULT');

  await knex.schema.createTable('payment_flags', (t) => {
    t.text('workflow_id').primary();
    t.text('tenant_id').notNullable();
    t.text('bill_number').notNullable();
    t.text('activity').notNullable();
    t.text('reason').notNullable();
    t.timestamp('flagged_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['tenant_id', 'flagged_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('payment_flags');
  await knex.schema.alterTable('platform_probes', (t) => {
    t.dropPrimary();
    t.primary(['probe_id']);
    t.dropColumn('tenant_id');
  });
  await knex.schema.alterTable('webhook_inbound_events', (t) => {
    t.dropPrimary();
    t.primary(['event_id']);
  });
}
