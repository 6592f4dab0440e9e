import type { Knex } from 'knex';
import * as m0001 from './20261122_0001_platform_probes';

/**
 * Migrations are listed here explicitly (not discovered from the folder) so they load the same way
 * under tsx, vitest and compiled JavaScript. Append new ones; never edit or reorder applied ones.
 */
const migrations: Record<string, Knex.Migration> = {
  '20261122_0001_platform_probes': m0001,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const migration = migrations[name];
    if (!migration) throw new Error(`unknown migration ${name}`);
    return migration;
  },
};
