import { z } from 'zod';
import { jitList, jitOptionalText, jitText, wireDate, wireText } from './common';

/** PAG (payment advice). `pmtInstDate` is PIS's `payInstDate`, returned verbatim. */
export const pagParamsSchema = z.object({
  pmtInstId: wireText,
  pmtInstDate: wireText,
  billNo: wireText,
  billDate: wireDate,
  ssuIaId: wireText,
});

const adviceBeneficiarySchema = z.looseObject({
  benfName: jitOptionalText,
  benfAccountNo: jitOptionalText,
  benfBankIfscCode: jitOptionalText,
  amount: jitOptionalText,
  benfId: jitOptionalText,
});

/** The advice: bill reference and token are what PD and FD ask about afterwards. */
export const pagRowSchema = z.looseObject({
  billNo: jitOptionalText,
  ssuIaId: jitOptionalText,
  finYear: jitText,
  adviceId: jitOptionalText,
  adviceDate: jitOptionalText,
  onlineBillRefNo: jitText,
  tokenNumber: jitText,
  tokenDate: jitText,
  benfList: jitList(adviceBeneficiarySchema),
});

export type PagParams = z.infer<typeof pagParamsSchema>;
export type PagRow = z.infer<typeof pagRowSchema>;
