import { z } from 'zod';
import { jitList, jitOptionalText, jitText } from './common';
import { correctionBillSchema } from './cor';
import { paidBeneficiarySchema } from './scroll';

/** FTPS (payment status of a correction). */
export const ftpsParamsSchema = correctionBillSchema;

/** The correction's own bill reference and token are what FTFPS asks about afterwards. */
export const ftpsRowSchema = z.looseObject({
  jitCorBillNo: jitOptionalText,
  jitCorBillDate: jitOptionalText,
  jitOrgBillRefNo: jitOptionalText,
  voucherNo: jitOptionalText,
  voucherDate: jitOptionalText,
  billRefNo: jitText,
  paymentStatus: jitOptionalText,
  tokenNumber: jitText,
  tokenDate: jitText,
  benfDtls: jitList(paidBeneficiarySchema),
});

export type FtpsParams = z.infer<typeof ftpsParamsSchema>;
export type FtpsRow = z.infer<typeof ftpsRowSchema>;
