import knex, { type Knex } from 'knex';
import pg from 'pg';

// int8 (bigint) and numeric come back as strings by default; our money columns are bigint paise,
// so parse int8 to a JS number only when it is a safe integer and fail loudly otherwise.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${value} exceeds the safe integer range`);
  return n;
});

export type Db = Knex | Knex.Transaction;

export function createDb(url: string, poolMax = 10): Knex {
  return knex({
    client: 'pg',
    connection: { connectionString: url, application_name: 'ifms-orchestrator' },
    pool: { min: 0, max: poolMax },
    acquireConnectionTimeout: 10_000,
  });
}
