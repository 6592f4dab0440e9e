import type { Knex } from 'knex';
import { afterAll, beforeAll, inject } from 'vitest';
import { createDb } from '../../connection';

/** The migrated test database, live once the file's `useLedgerDb` hook has run. */
export let db: Knex;

export function useLedgerDb(): void {
  beforeAll(() => {
    db = createDb(inject('databaseUrl'), 20);
  });
  afterAll(async () => {
    await db.destroy();
  });
}

export async function balanceOf(masterAllotmentId: string) {
  return (await db('sanctions as s')
    .join('sanction_balances as b', 'b.sanction_id', 's.id')
    .where('s.master_allotment_id', masterAllotmentId)
    .first('b.*')) as { available_paise: number; debited_paise: number; reversed_paise: number; in_deficit: boolean };
}

export async function entriesOf(masterAllotmentId: string) {
  return (await db('ledger_entries as e')
    .join('sanctions as s', 's.id', 'e.sanction_id')
    .where('s.master_allotment_id', masterAllotmentId)
    .select('e.kind', 'e.amount_paise')) as Array<{ kind: string; amount_paise: number }>;
}
