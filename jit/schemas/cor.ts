import { z } from 'zod';
import { jitOptionalText, jitText, wireDateTime, wireText } from './common';

/**
 * One beneficiary being re-paid. The treasury matches original/current account and IFSC against
 * what it holds, so they must be exactly what was sent before (one sample has `" SBIN0000041"`:
 * trimmed here, as our PI sends trimmed values).
 */
const corBeneficiarySchema = z.object({
  benefId: wireText,
  jitCurBillRefNo: wireText,
  orgAccountNo: wireText,
  orgIfsc: wireText,
  correctedAccountNo: wireText,
  correctedIfsc: wireText,
  curAccountNo: wireText,
  curIfsc: wireText,
});

/** A correction bill and the original it revises: what COR sends and FTPS asks about. */
export const correctionBillSchema = z.object({
  jitCorBillNo: wireText,
  jitCorBillDate: wireDateTime,
  jitCorBillDeptCode: wireText,
  jitOrgBillRefNo: wireText,
  jitOrgBillNo: wireText,
  jitOrgBillDate: wireDateTime,
});

/** COR (correction: revised instruction for failed beneficiaries). */
export const corParamsSchema = correctionBillSchema.extend({
  beneficiaryDetails: z.array(corBeneficiarySchema).min(1),
});

export const corRowSchema = z.looseObject({
  jitCorBillNo: jitText,
  jitCorBillDate: jitOptionalText,
  successCode: jitOptionalText,
  sucessDescrp: jitOptionalText,
});

export type CorParams = z.infer<typeof corParamsSchema>;
export type CorRow = z.infer<typeof corRowSchema>;
