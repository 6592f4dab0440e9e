import type { Knex } from 'knex';
import seed from '../seeds/master-data.v1.json';
import { loadMasterData } from '../master-data/load';
import { parseMasterData } from '../master-data/schema';

/** Master data version 1. A later version is a new seed file and a new migration, never an edit of this one. */
export async function up(knex: Knex): Promise<void> {
  await loadMasterData(knex, parseMasterData(seed));
}

export async function down(): Promise<void> {
  // Master data rows may be referenced by sanctions; removing them is a manual decision.
}
