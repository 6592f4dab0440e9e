import { z } from 'zod';
import { jitList, jitOptionalText, wireDate, wireDateTime, wireText } from './common';
import { failedBeneficiarySchema } from './scroll';

/** FTFPS (failures of a correction). Bill reference and token are the correction's own, from FTPS. */
export const ftfpsParamsSchema = z.object({
  jitCorBillNo: wireText,
  jitCorBillDate: wireDateTime,
  billRefNo: wireText,
  tokenNumber: wireText,
  tokenDate: wireDate,
});

export const ftfpsRowSchema = z.looseObject({
  jitCorBillNo: jitOptionalText,
  jitCorBillDate: jitOptionalText,
  billRefNo: jitOptionalText,
  tokenNumber: jitOptionalText,
  tokenDate: jitOptionalText,
  benfDtls: jitList(failedBeneficiarySchema),
});

export type FtfpsParams = z.infer<typeof ftfpsParamsSchema>;
export type FtfpsRow = z.infer<typeof ftfpsRowSchema>;
