import { z } from 'zod';
import { ACCOUNT_NUMBER_FORMAT, ACCOUNT_NUMBER_PATTERN, IFSC_FORMAT, IFSC_PATTERN } from '../../contracts';

export const correctionsBody = z
  .strictObject({
    corrections: z
      .array(
        z.strictObject({
          // BN/<tenant, ≤ 64>/<bill, ≤ 64>/<n>: the numbers carry the tenant, as PI numbers do.
          beneficiaryNumber: z.string().regex(/^BN\/[A-Za-z0-9/_.-]{1,160}$/, 'a beneficiary number (BN/…)'),
          accountNumber: z.string().regex(ACCOUNT_NUMBER_PATTERN, ACCOUNT_NUMBER_FORMAT),
          ifsc: z.string().regex(IFSC_PATTERN, IFSC_FORMAT),
        }),
      )
      .min(1)
      .max(500),
  })
  .meta({ id: 'CorrectionsInput' });

export const correctionsResult = z
  .object({
    routes: z
      .record(z.string(), z.enum(['REVISED', 'ORIGINAL']))
      .meta({ description: 'Per beneficiary: re-paid by a revised PI (COR) or a fresh original PI' }),
  })
  .meta({ id: 'CorrectionsResult' });

export const cancelBody = z.strictObject({ reason: z.string().trim().min(1).max(500) }).meta({ id: 'CancelInput' });

export const resubmitBody = z
  .strictObject({
    reason: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .meta({ description: 'Why it goes again, e.g. "SSU confirms the sanction is fixed"' }),
  })
  .meta({ id: 'ResubmitInput' });

export const resubmitResult = z
  .object({
    resubmitted: z
      .array(z.string())
      .meta({ description: 'The rejected PIs whose beneficiaries go again (they stay REJECTED)' }),
    piNumber: z.string().meta({ description: 'The new PI: a new number, funds reserved again' }),
  })
  .meta({ id: 'ResubmitResult' });

export const refusalDetails = z
  .object({
    fields: z.array(z.object({ path: z.string(), beneficiaryNumber: z.string(), message: z.string() })),
  })
  .meta({ id: 'CorrectionRefusal' });
