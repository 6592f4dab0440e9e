import { z } from 'zod';
import { jitOptionalText, jitText, wireAmount, wireCount, wireDateTime, wireOptionalText, wireText } from './common';

const piBeneficiarySchema = z.object({
  benefId: wireText,
  benefName: wireText,
  benfAcctNo: wireText,
  benfBankIfscCode: wireText,
  benfMobileNo: wireText,
  benfEmailId: wireOptionalText,
  benfAddress: wireText,
  benfAccountType: wireText,
  benfAmount: wireAmount,
  purpose: wireText,
  // In the model but empty in practice; never sent by us.
  panNo: wireOptionalText.optional(),
  pranNo: wireOptionalText.optional(),
  adhaarNumber: wireOptionalText.optional(),
});

/** PI (post a payment instruction). */
export const piParamsSchema = z.object({
  jitBillNo: wireText,
  jitBillDate: wireDateTime,
  jitBillDdoCode: wireText,
  granteeAgCode: wireText,
  schemeCode: wireText,
  hoa: wireText,
  ssuIaId: wireText,
  mstAllotmentDistId: wireText,
  ssuAllotmentId: wireText,
  allotmentTxnSlNo: wireText,
  billGrossAmount: wireAmount,
  billNetAmount: wireAmount,
  billNumberOfBenf: wireCount,
  purpose: wireText,
  beneficiaryDetails: z.array(piBeneficiarySchema).min(1),
});

/** The acknowledgement (`sucessDescrp` sic). */
export const piRowSchema = z.looseObject({
  jitBillNo: jitText,
  jitBillDate: jitOptionalText,
  ssuIaId: jitOptionalText,
  successCode: jitOptionalText,
  sucessDescrp: jitOptionalText,
});

export type PiParams = z.infer<typeof piParamsSchema>;
export type PiRow = z.infer<typeof piRowSchema>;
