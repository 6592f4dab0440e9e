import type { Knex } from 'knex';

/**
 * The read model the payment workflows keep current (the API lists from here; one payment's live
 * state comes from its workflow query), the outbox for webhooks, and the marks and queues that
 * replace the legacy cron scans: who waits for funds, how far the failure sweep has read.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('payments', (t) => {
    t.text('workflow_id').primary();
    t.text('tenant_id').notNullable();
    t.text('bill_number').notNullable();
    t.text('status').notNullable();
    t.bigInteger('total_paise').notNullable();
    t.integer('beneficiary_count').notNullable();
    t.specificType('head_of_account_codes', 'text[]').notNullable().defaultTo('{}');
    t.text('submitted_by').notNullable();
    t.timestamp('submitted_at', { useTz: true }).notNullable();
    t.timestamp('awaiting_funds_since', { useTz: true });
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['tenant_id', 'bill_number']);
    t.index(['tenant_id', 'status', 'submitted_at']);
  });

  await knex.schema.createTable('payment_instructions', (t) => {
    t.text('pi_number').primary();
    t.text('tenant_id').notNullable();
    t.text('bill_number').notNullable();
    t.text('payment_workflow_id').notNullable().references('payments.workflow_id');
    t.enu('kind', ['ORIGINAL', 'REVISED'], { useNative: true, enumName: 'pi_kind' }).notNullable();
    t.text('original_pi_number');
    t.text('corrects_pi_number');
    t.text('status').notNullable();
    t.bigInteger('amount_paise').notNullable();
    t.integer('beneficiary_count').notNullable();
    // What was sent, exactly: the bill date and the sanction it was charged to.
    t.timestamp('jit_bill_date', { useTz: true }).notNullable();
    t.text('master_allotment_id');
    t.text('hoa_code');
    t.text('ddo_code');
    t.text('ssu_id');
    t.text('scheme_code');
    t.text('grantee_ag_code');
    t.text('ssu_allotment_id');
    t.text('allotment_txn_sl_no');
    // What the treasury answered, stage by stage.
    t.text('pmt_inst_id');
    t.text('pay_inst_date');
    t.text('fin_year');
    t.text('advice_id');
    t.text('advice_date');
    t.text('bill_ref_no');
    t.text('token_number');
    t.text('token_date');
    t.text('voucher_no');
    t.text('voucher_date');
    t.timestamp('post_attempted_at', { useTz: true });
    t.text('stuck_stage');
    t.timestamp('stuck_since', { useTz: true });
    t.text('error');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['tenant_id', 'status']);
    t.index(['payment_workflow_id']);
    t.index(['bill_ref_no']);
  });

  await knex.schema.createTable('pi_beneficiaries', (t) => {
    t.text('pi_number').notNullable().references('payment_instructions.pi_number');
    t.text('beneficiary_number').notNullable();
    t.text('tenant_id').notNullable();
    t.text('name').notNullable();
    t.text('account_number').notNullable();
    t.text('ifsc').notNullable();
    // COR only: the account and IFSC of the original PI and of the latest failed PI, as sent then.
    t.text('org_account_number');
    t.text('org_ifsc');
    t.text('cur_pi_number');
    t.text('cur_account_number');
    t.text('cur_ifsc');
    t.bigInteger('amount_paise').notNullable();
    t.text('type').notNullable();
    t.text('mobile').notNullable();
    t.text('address').notNullable();
    t.specificType('line_item_ids', 'text[]').notNullable().defaultTo('{}');
    t.text('status').notNullable();
    t.text('utr_no');
    t.text('utr_date');
    t.text('end_to_end_id');
    t.text('voucher_no');
    t.text('failure_reason');
    t.text('challan_number');
    t.text('challan_date');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['pi_number', 'beneficiary_number']);
  });

  await knex.schema.createTable('status_log', (t) => {
    t.bigIncrements('id');
    t.text('tenant_id').notNullable();
    t.enu('subject', ['PAYMENT', 'PI'], { useNative: true, enumName: 'status_subject' }).notNullable();
    t.text('subject_id').notNullable();
    t.text('status').notNullable();
    t.text('event_key').notNullable().unique();
    t.jsonb('detail').notNullable().defaultTo('{}');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['subject', 'subject_id', 'at']);
  });

  await knex.schema.createTable('outbox_events', (t) => {
    t.uuid('event_id').primary();
    // Deterministic per status change, so a retried activity cannot emit an event twice.
    t.text('event_key').notNullable().unique();
    t.text('type').notNullable();
    t.text('tenant_id').notNullable();
    t.timestamp('occurred_at', { useTz: true }).notNullable();
    t.jsonb('data').notNullable();
    t.timestamp('delivered_at', { useTz: true });
    t.index(['delivered_at', 'occurred_at']);
  });

  await knex.schema.createTable('funds_waiters', (t) => {
    t.text('payment_workflow_id').primary();
    t.text('tenant_id').notNullable();
    t.bigInteger('amount_paise').notNullable();
    t.timestamp('since', { useTz: true }).notNullable();
    t.timestamp('deadline_at', { useTz: true }).notNullable();
    t.index(['tenant_id']);
  });

  await knex.schema.createTable('failure_sweep_marks', (t) => {
    t.text('name').primary();
    t.date('read_from').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('treasury_returns', (t) => {
    t.text('pi_number').notNullable();
    t.text('beneficiary_number').notNullable();
    t.text('challan_number').notNullable().defaultTo('');
    t.text('failure_reason').notNullable();
    t.text('challan_date');
    t.text('routed_to');
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['pi_number', 'beneficiary_number', 'challan_number']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'treasury_returns',
    'failure_sweep_marks',
    'funds_waiters',
    'outbox_events',
    'status_log',
    'pi_beneficiaries',
    'payment_instructions',
    'payments',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.raw('DROP TYPE IF EXISTS pi_kind, status_subject');
}
