import { z } from 'zod';
import { dateRangeProblem } from './date-rule';

/**
 * Building blocks of the request and response schemas. The same zod objects validate requests and
 * generate the OpenAPI document, so the published contract cannot drift from what is enforced.
 */

/** Bill numbers become workflow ids and PI numbers (`PI/<tenant>/<bill>/1`): a conservative alphabet, no `:`. */
export const billNumber = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9/_.-]{0,63}$/, 'letters, digits and / _ . - only, at most 64, starting alphanumeric')
  .meta({ description: 'The approved bill number (unique per tenant)', example: 'MUKTA/2026-27/000182' });

export const piNumber = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9/_.-]{0,95}$/, 'letters, digits and / _ . - only, at most 96')
  .meta({ description: 'A payment instruction number; URL-encode it in paths', example: 'PI/MUKTA/2026-27/000182/1' });

export const hoaCode = z
  .string()
  .regex(/^[0-9]{4,32}$/, 'digits only, 4 to 32')
  .meta({ description: 'Head of account code', example: '221705800358641045908' });

/** Money is integer paise: no floats, no negatives, nothing beyond 2^53. */
export const paise = z.int().positive().meta({ description: 'Amount in paise (₹1 = 100 paise)', example: 150000 });
export const paiseOut = z.int().meta({ description: 'Amount in paise' });

/** Refuses dates PostgreSQL or the business cannot take (see date-rule.ts), with the reason. */
const inRange = <S extends z.ZodType<string>>(schema: S) =>
  schema.superRefine((v, ctx) => {
    const problem = dateRangeProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const isoDate = inRange(z.iso.date()).meta({
  description: 'A calendar date, YYYY-MM-DD',
  example: '2026-05-10',
});

/** A date or an instant; a bare date is taken as the start of that day in IST (the treasury's day). */
export const dateOrInstant = inRange(z.union([z.iso.date(), z.iso.datetime({ offset: true })]))
  .transform((v) => (v.length === 10 ? `${v}T00:00:00+05:30` : v))
  .meta({ description: 'YYYY-MM-DD (IST) or an ISO-8601 instant with offset', example: '2026-05-10' });

export const limit = z.coerce.number().int().min(1).max(100).default(25).meta({ description: 'Page size, 1-100' });
export const cursor = z
  .string()
  .max(512)
  .regex(/^[A-Za-z0-9_-]+$/, 'not a cursor from this API')
  .meta({ description: 'Opaque cursor from the previous page (`nextCursor`)' });

export const errorResponse = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'VALIDATION_FAILED' }),
      message: z.string(),
      details: z.unknown().nullable(),
    }),
  })
  .meta({ id: 'Error', description: 'Every error has this shape' });

export const links = z.record(z.string(), z.string()).meta({ description: 'Related resources (relative URLs)' });

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
