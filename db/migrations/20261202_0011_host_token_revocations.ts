import type { Knex } from 'knex';

/**
 * Host-platform session tokens that were logged out. Every API process checks a token here before
 * trusting its cached user-service answer, so a logout reaching one process ends the session in all
 * of them at once. Only the token's SHA-256 is kept: the table never holds a usable token.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('host_token_revocations', (t) => {
    t.specificType('token_sha256', 'bytea').primary();
    t.timestamp('revoked_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['revoked_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('host_token_revocations');
}
