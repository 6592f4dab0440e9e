import type { Knex } from 'knex';

/**
 * Master data, the allotment ledger and fund reservations. Money is bigint paise throughout.
 * The ledger is append-only: balances are derived from `ledger_entries`; `sanction_balances` is a
 * summary maintained in the same transaction as each entry, under the row's lock.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('tenants', (t) => {
    t.text('tenant_id').primary();
    t.text('name').notNullable();
  });
  await knex.schema.createTable('heads_of_account', (t) => {
    t.text('code').primary();
    t.text('name').notNullable();
    t.integer('sequence').notNullable();
    t.text('scheme_code').notNullable();
    t.text('scheme_name').notNullable();
    t.date('effective_from').notNullable();
    t.date('effective_to');
    t.boolean('active').notNullable().defaultTo(true);
  });
  await knex.schema.createTable('spending_units', (t) => {
    t.text('tenant_id').notNullable().references('tenants.tenant_id');
    t.text('ssu_id').notNullable();
    t.text('ddo_code').notNullable();
    t.text('grantee_ag_code').notNullable();
    t.text('grantee_name').notNullable();
    t.text('office').notNullable();
    t.date('effective_from').notNullable();
    t.date('effective_to');
    t.boolean('active').notNullable().defaultTo(true);
    t.primary(['tenant_id', 'ssu_id']);
    t.unique(['ddo_code']);
  });

  await knex.schema.createTable('sanctions', (t) => {
    t.bigIncrements('id');
    t.text('master_allotment_id').notNullable().unique();
    t.text('tenant_id').notNullable().references('tenants.tenant_id');
    t.text('ssu_id').notNullable();
    t.text('ddo_code').notNullable();
    t.text('hoa_code').notNullable().references('heads_of_account.code');
    t.text('scheme_code').notNullable();
    t.bigInteger('sanctioned_paise').notNullable();
    t.text('financial_year').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['tenant_id', 'hoa_code']);
  });
  await knex.schema.createTable('sanction_balances', (t) => {
    t.bigInteger('sanction_id').primary().references('sanctions.id');
    t.bigInteger('allotted_paise').notNullable().defaultTo(0);
    t.bigInteger('withdrawn_paise').notNullable().defaultTo(0);
    t.bigInteger('debited_paise').notNullable().defaultTo(0);
    t.bigInteger('reversed_paise').notNullable().defaultTo(0);
    t.bigInteger('available_paise').notNullable().defaultTo(0);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  // Only a treasury withdrawal can take a sanction below zero (a deficit, which blocks new reservations);
  // our own debits are conditional on the balance, and the invariant below holds at every commit.
  await knex.raw(`
    ALTER TABLE sanction_balances ADD CONSTRAINT sanction_balances_consistent CHECK (
      available_paise = allotted_paise - withdrawn_paise - debited_paise + reversed_paise
      AND allotted_paise >= 0 AND withdrawn_paise >= 0 AND debited_paise >= 0 AND reversed_paise >= 0
      AND reversed_paise <= debited_paise
    )`);
  await knex.raw(
    `ALTER TABLE sanction_balances ADD COLUMN in_deficit boolean GENERATED ALWAYS AS (available_paise < 0) STORED`,
  );

  await knex.schema.createTable('allotments', (t) => {
    t.bigIncrements('id');
    t.bigInteger('sanction_id').notNullable().references('sanctions.id');
    t.text('master_allotment_id').notNullable();
    t.text('ssu_allotment_id').notNullable();
    t.text('allotment_txn_sl_no').notNullable();
    t.enu('txn_type', ['INITIAL', 'ADDITIONAL', 'WITHDRAWAL'], {
      useNative: true,
      enumName: 'allotment_txn_type',
    }).notNullable();
    t.bigInteger('amount_paise').notNullable();
    t.bigInteger('treasury_available_balance_paise').notNullable();
    t.date('allotment_date').notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // The treasury's own identifiers: a re-fetched allotment is recognised and never applied twice.
    t.unique(['master_allotment_id', 'ssu_allotment_id', 'allotment_txn_sl_no']);
  });
  await knex.schema.createTable('pending_allotments', (t) => {
    t.bigIncrements('id');
    t.text('tenant_id').notNullable();
    t.text('master_allotment_id').notNullable();
    t.text('ssu_allotment_id').notNullable();
    t.text('allotment_txn_sl_no').notNullable();
    t.jsonb('row').notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['master_allotment_id', 'ssu_allotment_id', 'allotment_txn_sl_no']);
  });

  await knex.schema.createTable('fund_reservations', (t) => {
    t.bigIncrements('id');
    t.text('reservation_key').notNullable().unique();
    t.text('tenant_id').notNullable();
    t.bigInteger('sanction_id').notNullable().references('sanctions.id');
    t.bigInteger('amount_paise').notNullable();
    t.enu('status', ['RESERVED', 'RELEASED'], { useNative: true, enumName: 'reservation_status' }).notNullable();
    // Returns after payment may credit back part of a reservation, one beneficiary at a time.
    t.bigInteger('released_paise').notNullable().defaultTo(0);
    t.text('release_reason');
    t.timestamp('reserved_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('released_at', { useTz: true });
  });
  await knex.raw(`ALTER TABLE fund_reservations ADD CONSTRAINT fund_reservations_amounts
    CHECK (amount_paise > 0 AND released_paise >= 0 AND released_paise <= amount_paise)`);

  await knex.schema.createTable('ledger_entries', (t) => {
    t.bigIncrements('id');
    t.bigInteger('sanction_id').notNullable().references('sanctions.id');
    t.enu('kind', ['ALLOTMENT', 'ADDITIONAL', 'WITHDRAWAL', 'DEBIT', 'REVERSAL'], {
      useNative: true,
      enumName: 'ledger_entry_kind',
    }).notNullable();
    t.bigInteger('amount_paise').notNullable();
    t.bigInteger('allotment_id').references('allotments.id');
    t.bigInteger('reservation_id').references('fund_reservations.id');
    /** For DEBIT and REVERSAL: what caused it (`debit:<PI>`, `release:<PI>:<why>`); unique, so a retry never books twice. */
    t.text('cause_key');
    t.date('entry_date').notNullable();
    t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['sanction_id', 'entry_date']);
  });
  // Every entry names its cause, and one cause produces at most one entry of a kind.
  await knex.raw(`
    ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_cause CHECK (
      amount_paise > 0 AND (
        (kind IN ('ALLOTMENT','ADDITIONAL','WITHDRAWAL') AND allotment_id IS NOT NULL AND reservation_id IS NULL) OR
        (kind IN ('DEBIT','REVERSAL') AND reservation_id IS NOT NULL AND allotment_id IS NULL AND cause_key IS NOT NULL)
      )
    )`);
  await knex.raw(
    'CREATE UNIQUE INDEX ledger_entries_one_per_allotment ON ledger_entries (allotment_id) WHERE allotment_id IS NOT NULL',
  );
  await knex.raw(
    'CREATE UNIQUE INDEX ledger_entries_one_per_cause ON ledger_entries (cause_key) WHERE cause_key IS NOT NULL',
  );

  await knex.schema.createTable('va_sync_marks', (t) => {
    t.text('tenant_id').notNullable();
    t.text('ssu_id').notNullable();
    t.text('hoa_code').notNullable();
    t.timestamp('synced_until', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['tenant_id', 'ssu_id', 'hoa_code']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'va_sync_marks',
    'ledger_entries',
    'fund_reservations',
    'pending_allotments',
    'allotments',
    'sanction_balances',
    'sanctions',
    'spending_units',
    'heads_of_account',
    'tenants',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.raw('DROP TYPE IF EXISTS ledger_entry_kind, reservation_status, allotment_txn_type');
}
