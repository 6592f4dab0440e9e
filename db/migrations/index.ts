import type { Knex } from 'knex';
import * as m0001 from './20261122_0001_platform_probes';
import * as m0003 from './20261122_0003_funds_ledger';
import * as m0004 from './20261122_0004_master_data_v1';
import * as m0005 from './20261122_0005_payments_read_model';
import * as m0002 from './20261122_0002_treasury_gateway';
import * as m0006 from './20261122_0006_api';
import * as m0007 from './20261202_0007_treasury_confirmation';
import * as m0008 from './20261202_0008_payment_beneficiaries';
import * as m0009 from './20261202_0009_tenant_scoped_ids';
import * as m0010 from './20261202_0010_pii_columns';
import * as m0011 from './20261202_0011_host_token_revocations';

/**
 * Migrations are listed here explicitly (not discovered from the folder) so they load the same way
 * under tsx, vitest and compiled JavaScript. Append new ones; never edit or reorder applied ones.
 */
const migrations: Record<string, Knex.Migration> = {
  '20261122_0001_platform_probes': m0001,
  '20261122_0003_funds_ledger': m0003,
  '20261122_0004_master_data_v1': m0004,
  '20261122_0005_payments_read_model': m0005,
  '20261122_0002_treasury_gateway': m0002,
  '20261122_0006_api': m0006,
  '20261202_0007_treasury_confirmation': m0007,
  '20261202_0008_payment_beneficiaries': m0008,
  '20261202_0009_tenant_scoped_ids': m0009,
  '20261202_0010_pii_columns': m0010,
  '20261202_0011_host_token_revocations': m0011,
};

export const migrationSource: Knex.MigrationSource<string> = {
  // Names start with a date and sequence number, so sorting gives the order they were written in.
  getMigrations: () => Promise.resolve(Object.keys(migrations).sort()),
  getMigrationName: (name) => name,
  getMigration: (name) => {
    const migration = migrations[name];
    if (!migration) return Promise.reject(new Error(`unknown migration ${name}`));
    return Promise.resolve(migration);
  },
};
