import { z } from 'zod';
import { ApiError } from '../errors';
import { dateRangeProblem } from '../schemas/date-rule';
import { unsafeTextReason } from '../schemas/text-rule';

import type { Keyset } from '../../db/lifecycle/keyset';

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
