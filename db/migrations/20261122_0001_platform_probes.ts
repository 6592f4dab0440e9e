import type { Knex } from 'knex';

/** Rows written by the platform probe workflow: proof that API → Temporal → worker → database works. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('platform_probes', (t) => {
    t.text('probe_id').primary();
    t.text('workflow_id').notNullable();
    t.text('note').notNullable();
    t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('platform_probes');
}
