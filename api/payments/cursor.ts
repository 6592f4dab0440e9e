import { z } from 'zod';
import { ApiError } from '../errors';
import { dateRangeProblem } from '../schemas/date-rule';
import { unsafeTextReason } from '../schemas/text-rule';

/** A keyset position: the sort instant (microsecond text from PostgreSQL) and the row's unique id. */
export interface Keyset {
  at: string;
  id: string;
}

// A hand-made cursor must not reach SQL with a year PostgreSQL refuses or text it cannot store.
const keyset = z.strictObject({
  at: z.iso.datetime({ precision: 6 }).refine((v) => !dateRangeProblem(v)),
  id: z
    .string()
    .min(1)
    .max(200)
    .refine((v) => !unsafeTextReason(v)),
});

/** Opaque to clients (base64url JSON), so the ordering can change without breaking their code. */
export const encodeCursor = (k: Keyset): string => Buffer.from(JSON.stringify(k), 'utf8').toString('base64url');

export function decodeCursor(cursor: string): Keyset {
  try {
    return keyset.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new ApiError(400, 'INVALID_CURSOR', 'the cursor is not one this API issued');
  }
}

/** The SQL expression that renders a timestamptz as the exact text a cursor carries. */
export const cursorInstantSql = (column: string): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
