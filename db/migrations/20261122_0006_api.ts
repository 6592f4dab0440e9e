import type { Knex } from 'knex';

/**
 * What the REST API and the webhooks keep: idempotency keys of submissions, inbound event ids already
 * acted on, outbound delivery outcomes (delivered or dead-lettered), and the treasury breaker states
 * the operator inbox shows (written by the worker that owns the breakers).
 */
export async function up(knex: Knex): Promise<void> {
  // One row per (tenant, Idempotency-Key): the request's hash and, once answered, the response to replay.
  await knex.schema.createTable('api_idempotency_keys', (t) => {
    t.text('tenant_id').notNullable();
    t.text('idempotency_key').notNullable();
    t.text('bill_number').notNullable();
    t.text('request_hash').notNullable();
    t.integer('response_status');
    t.jsonb('response_body');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('completed_at', { useTz: true });
    t.primary(['tenant_id', 'idempotency_key']);
    // A bill is submitted under one key only: a second key for it is refused atomically, even mid-flight.
    t.unique(['tenant_id', 'bill_number'], { indexName: 'api_idempotency_keys_one_key_per_bill' });
  });

  await knex.schema.createTable('webhook_inbound_events', (t) => {
    t.text('event_id').primary();
    t.text('tenant_id').notNullable();
    t.text('bill_number').notNullable();
    t.integer('response_status').notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  // One row per (event, subscriber) once it reached an end: delivered, or given up after the attempts limit.
  await knex.schema.createTable('webhook_deliveries', (t) => {
    t.uuid('event_id').notNullable().references('outbox_events.event_id');
    t.text('subscriber_url').notNullable();
    t.text('tenant_id').notNullable();
    t.text('event_type').notNullable();
    t.text('status').notNullable();
    t.integer('attempts').notNullable();
    t.integer('last_status_code');
    t.text('last_error');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['event_id', 'subscriber_url']);
    t.index(['tenant_id', 'status', 'updated_at']);
  });
  await knex.raw(
    `ALTER TABLE webhook_deliveries ADD CONSTRAINT webhook_deliveries_status CHECK (status IN ('DELIVERED', 'DEAD_LETTER'))`,
  );

  await knex.schema.createTable('treasury_breaker_states', (t) => {
    t.text('service_id').primary();
    t.text('state').notNullable();
    t.timestamp('changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(
    `ALTER TABLE treasury_breaker_states ADD CONSTRAINT treasury_breaker_states_state CHECK (state IN ('closed', 'half_open', 'open'))`,
  );

  // Keyset reads: the outbox delivery batches, and the API's newest-first lists.
  await knex.raw(
    'CREATE INDEX outbox_events_undelivered ON outbox_events (occurred_at, event_id) WHERE delivered_at IS NULL',
  );
  await knex.raw('CREATE INDEX payments_tenant_submitted ON payments (tenant_id, submitted_at DESC, workflow_id DESC)');
  await knex.raw(
    'CREATE INDEX payment_instructions_tenant_created ON payment_instructions (tenant_id, created_at DESC, pi_number DESC)',
  );
  await knex.raw(
    'CREATE INDEX payment_instructions_stuck ON payment_instructions (tenant_id, stuck_since) WHERE stuck_stage IS NOT NULL',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS payment_instructions_stuck');
  await knex.raw('DROP INDEX IF EXISTS payment_instructions_tenant_created');
  await knex.raw('DROP INDEX IF EXISTS payments_tenant_submitted');
  await knex.raw('DROP INDEX IF EXISTS outbox_events_undelivered');
  for (const table of [
    'treasury_breaker_states',
    'webhook_deliveries',
    'webhook_inbound_events',
    'api_idempotency_keys',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
