import { z } from 'zod';
import { jitOptionalText } from './common';

/**
 * Per-beneficiary lines of the debit scroll (PD, FTPS) and of the return scroll (FD, FTFPS). Every
 * field is optional: older FD samples omit `benfId`, and one bad line must not hide the others.
 */
export const paidBeneficiarySchema = z.looseObject({
  benfAcctNo: jitOptionalText,
  benfBankIfscCode: jitOptionalText,
  utrNo: jitOptionalText,
  utrDate: jitOptionalText,
  endToEndId: jitOptionalText,
  benfId: jitOptionalText,
});

export const failedBeneficiarySchema = paidBeneficiarySchema.extend({
  orgBillRefNumber: jitOptionalText,
  challanNumber: jitOptionalText,
  challanDate: jitOptionalText,
  failedReason: jitOptionalText,
});

export type PaidBeneficiary = z.infer<typeof paidBeneficiarySchema>;
export type FailedBeneficiary = z.infer<typeof failedBeneficiarySchema>;
