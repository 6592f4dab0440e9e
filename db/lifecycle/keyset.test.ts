import knex from 'knex';
import { describe, expect, it } from 'vitest';
import { keysetPageOf, orderByKeyset, type KeysetOrder } from './keyset';

// Builds SQL only: no connection is opened.
const sql = knex({ client: 'pg' });

interface Row {
  at: string;
  id: string;
}
const order: KeysetOrder<Row> = { atColumn: 't.at', idColumn: 't.id', keyOf: (r) => ({ at: r.at, id: r.id }) };

describe('orderByKeyset', () => {
  it('orders newest first with the id breaking ties, and reads one row past the page', () => {
    const q = orderByKeyset(sql('things as t'), order, { limit: 20 }).toSQL().toNative();
    expect(q.sql).toBe('select * from "things" as "t" order by "t"."at" desc, "t"."id" desc limit $1');
    expect(q.bindings).toEqual([21]);
  });

  it('continues strictly after the cursor as a row comparison, so rows sharing an instant are split by id', () => {
    const after = { at: '2026-06-01T10:00:00.000000Z', id: 'PI/2' };
    const q = orderByKeyset(sql('things as t').where('t.tenant_id', 'T1'), order, { after, limit: 2 })
      .toSQL()
      .toNative();
    expect(q.sql).toBe(
      'select * from "things" as "t" where "t"."tenant_id" = $1 and (t.at, t.id) < ($2::timestamptz, $3) order by "t"."at" desc, "t"."id" desc limit $4',
    );
    expect(q.bindings).toEqual(['T1', after.at, after.id, 3]);
  });
});

describe('keysetPageOf', () => {
  const rows = [
    { at: '2026-06-01T10:00:00.000000Z', id: 'PI/3' },
    { at: '2026-06-01T10:00:00.000000Z', id: 'PI/2' },
    { at: '2026-06-01T10:00:00.000000Z', id: 'PI/1' },
  ];

  it('keeps the page and points the next page at its last row when one more row was read', () => {
    expect(keysetPageOf(rows, order, 2)).toEqual({ items: rows.slice(0, 2), next: rows[1] });
  });

  it('has no next page when the rows fit', () => {
    expect(keysetPageOf(rows, order, 3)).toEqual({ items: rows });
    expect(keysetPageOf([], order, 3)).toEqual({ items: [] });
  });
});
