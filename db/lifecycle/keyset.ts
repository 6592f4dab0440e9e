import type { Knex } from 'knex';

/** A keyset position: the sort instant (microsecond text from PostgreSQL) and the row's unique id. */
export interface Keyset {
  at: string;
  id: string;
}

/** The sort instant column, the unique id column breaking its ties, and the row fields holding both. */
export interface KeysetOrder<Row> {
  atColumn: string;
  idColumn: string;
  keyOf: (row: Row) => Keyset;
}

/** The SQL expression that renders a timestamptz as the exact text a keyset carries. */
export const keysetInstantSql = (column: string): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * Newest first, strictly after `after`: rows sharing an instant are ordered by id, so a page boundary
 * inside a tie neither repeats nor skips a row. One row more than the page is read to know if another follows.
 */
export function orderByKeyset<Row>(
  query: Knex.QueryBuilder,
  order: KeysetOrder<Row>,
  page: { after?: Keyset; limit: number },
): Knex.QueryBuilder {
  if (page.after) {
    void query.andWhereRaw(`(${order.atColumn}, ${order.idColumn}) < (?::timestamptz, ?)`, [
      page.after.at,
      page.after.id,
    ]);
  }
  return query
    .orderBy([
      { column: order.atColumn, order: 'desc' },
      { column: order.idColumn, order: 'desc' },
    ])
    .limit(page.limit + 1);
}

/** The page's rows, and where the next page starts (none when this is the last). */
export function keysetPageOf<Row>(
  rows: Row[],
  order: Pick<KeysetOrder<Row>, 'keyOf'>,
  limit: number,
): { items: Row[]; next?: Keyset } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return rows.length > limit && last ? { items, next: order.keyOf(last) } : { items };
}

export async function keysetPage<Row>(
  query: Knex.QueryBuilder,
  order: KeysetOrder<Row>,
  page: { after?: Keyset; limit: number },
): Promise<{ items: Row[]; next?: Keyset }> {
  const rows = (await orderByKeyset(query, order, page)) as Row[];
  return keysetPageOf(rows, order, page.limit);
}
