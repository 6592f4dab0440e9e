import { z } from 'zod';
import { jitList, jitOptionalText, wireDate, wireText } from './common';
import { paidBeneficiarySchema } from './scroll';

/** PD (payment details / debit scroll). Every value but `extAppName` comes verbatim from PAG. */
export const pdParamsSchema = z.object({
  finYear: wireText,
  extAppName: wireText,
  billRefNo: wireText,
  tokenNumber: wireText,
  tokenDate: wireDate,
});

/** Rows without `billNumber` occur (the legacy adapter skipped them), so it is optional here. */
export const pdRowSchema = z.looseObject({
  billNumber: jitOptionalText,
  billDate: jitOptionalText,
  voucherNo: jitOptionalText,
  voucherDate: jitOptionalText,
  billRefNo: jitOptionalText,
  paymentStatus: jitOptionalText,
  tokenNumber: jitOptionalText,
  tokenDate: jitOptionalText,
  benfDtls: jitList(paidBeneficiarySchema),
});

export type PdParams = z.infer<typeof pdParamsSchema>;
export type PdRow = z.infer<typeof pdRowSchema>;
