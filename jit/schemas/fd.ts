import { z } from 'zod';
import { jitList, jitOptionalText, wireDate, wireText } from './common';
import { failedBeneficiarySchema } from './scroll';

/**
 * FD (failure details / return scroll). We send the bulk form (`voucherDate` as the "since" date);
 * the older per-bill form (`billRefNo`, `tokenNumber`, `tokenDate`) survives in samples and is
 * accepted so those parse too.
 */
export const fdParamsSchema = z
  .object({
    finYear: wireText,
    extAppName: wireText,
    voucherDate: wireDate.optional(),
    billRefNo: wireText.optional(),
    tokenNumber: wireText.optional(),
    tokenDate: wireDate.optional(),
  })
  .refine((p) => p.voucherDate !== undefined || (p.billRefNo && p.tokenNumber && p.tokenDate), {
    message: 'FD needs voucherDate (bulk form) or billRefNo, tokenNumber and tokenDate (per-bill form)',
  });

export const fdRowSchema = z.looseObject({
  billNumber: jitOptionalText,
  billDate: jitOptionalText,
  voucherNo: jitOptionalText,
  voucherDate: jitOptionalText,
  billRefNo: jitOptionalText,
  tokenNumber: jitOptionalText,
  tokenDate: jitOptionalText,
  benfDtls: jitList(failedBeneficiarySchema),
});

export type FdParams = z.infer<typeof fdParamsSchema>;
export type FdRow = z.infer<typeof fdRowSchema>;
