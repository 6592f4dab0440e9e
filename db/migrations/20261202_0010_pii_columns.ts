import type { Knex } from 'knex';

/**
 * Beneficiary personal data is encrypted by the application before it reaches these columns
 * (`security/field-cipher.ts`: name, account, IFSC, mobile, address, and COR's original/current
 * account and IFSC), so equality on them is gone; `account_index` is the keyed hash (HMAC) of
 * account + IFSC that lookups such as "which PIs paid this account" use instead.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('pi_beneficiaries', (t) => {
    t.text('account_index');
    t.index(['tenant_id', 'account_index'], 'pi_beneficiaries_account_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('pi_beneficiaries', (t) => {
    t.dropIndex(['tenant_id', 'account_index'], 'pi_beneficiaries_account_index');
    t.dropColumn('account_index');
  });
}
