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
  getMigrations: () => Promise.resolve(Object.keys(migrations)),
  getMigrationName: (name) => name,
  getMigration: (name) => {
    const migration = migrations[name];
    if (!migration) return Promise.reject(new Error(`unknown migration ${name}`));
    return Promise.resolve(migration);
  },
};
