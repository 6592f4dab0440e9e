import { z } from 'zod';

/**
 * Building blocks shared by the service schemas. Two directions, two attitudes:
 * - what we SEND is checked strictly for the formats we produce (amounts, dates), but business rules
 *   (IFSC validity, account length, sums) are left to the treasury, which answers with coded errors;
 * - what we RECEIVE is read leniently: the treasury sends ids and amounts as strings (sometimes
 *   numbers), pads values with stray spaces and omits fields, so rows are trimmed strings and only
 *   the fields the next lifecycle step cannot do without are required.
 */

/** A non-empty value we send. */
export const wireText = z.string().trim().min(1);

/** A value we send that the treasury accepts empty (e.g. `benfEmailId: ""`). */
export const wireOptionalText = z.string().trim();

/** "500", "250.5", "250.50": digits with at most two decimals; we always send two. */
export const wireAmount = z.string().regex(/^\d{1,16}(?:\.\d{1,2})?$/, 'amount must be digits with up to 2 decimals');

export const wireCount = z.string().regex(/^\d{1,6}$/, 'count must be digits');

export const wireDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'date-time must be yyyy-MM-dd HH:mm:ss');

export const wireDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be yyyy-MM-dd');

/** A value we receive: string or number, trimmed (one FD `failedReason` starts with a space). */
export const jitText = z.union([z.string(), z.number()]).transform((v) => String(v).trim());

/** An optional received value; `null` becomes `undefined` so consumers test one thing. */
export const jitOptionalText = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((v) => (v === null || v === undefined ? undefined : String(v).trim()));

/** A received list that may be missing or null: read as empty. */
export const jitList = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((v) => v ?? []);
