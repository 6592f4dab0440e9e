import type { Knex } from 'knex';

/**
 * The treasury gateway's tables. Everything sensitive is an AES-256-GCM blob
 * (`version | iv | tag | ciphertext`) with the id of the key that sealed it, so keys can rotate while
 * old rows stay readable. Unlike the legacy adapter's Elasticsearch logs, no row holds a REK, SEK,
 * appKey or auth token next to a ciphertext: request/response blobs are the business JSON only.
 */
export async function up(knex: Knex): Promise<void> {
  // One shared session per treasury client id, so the whole worker fleet uses (and renews) one.
  await knex.schema.createTable('treasury_sessions', (t) => {
    t.text('client_id').primary();
    t.binary('session_ciphertext').notNullable();
    t.text('key_id').notNullable();
    t.timestamp('issued_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  // One row per HTTP exchange (service calls and handshakes), written as the call completes.
  await knex.schema.createTable('treasury_request_log', (t) => {
    t.uuid('id').primary();
    t.text('service_id').notNullable();
    // The bill the call was about; 'AUTH' for handshakes; null for bulk queries (VA, FD).
    t.text('bill_number');
    t.binary('request_ciphertext');
    t.binary('response_ciphertext');
    // Null when no HTTP answer arrived (timeout, connection reset).
    t.integer('status_code');
    t.integer('duration_ms').notNullable();
    t.text('key_id').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['bill_number', 'created_at']);
    t.index(['created_at']);
  });

  await knex.schema.createTable('treasury_error_log', (t) => {
    t.uuid('id').primary();
    t.uuid('request_id').references('treasury_request_log.id').onDelete('CASCADE');
    t.text('service_id').notNullable();
    t.text('bill_number');
    t.integer('status_code');
    // A stable TreasuryErrorType name (or StaleSession); in clear so operators can count without the key.
    t.text('error_class').notNullable();
    t.binary('error_ciphertext').notNullable();
    t.text('key_id').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['bill_number', 'created_at']);
    t.index(['request_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('treasury_error_log');
  await knex.schema.dropTable('treasury_request_log');
  await knex.schema.dropTable('treasury_sessions');
}
