import { z } from 'zod';
import { jitOptionalText, jitText, wireDate, wireText } from './common';

/** PIS (instruction status: has the SSU approved and signed?). */
export const pisParamsSchema = z.object({
  jitBillNo: wireText,
  jitBillDate: wireDate,
  ssuIaId: wireText,
});

/** Approval: the treasury's own instruction id and date, which PAG needs back verbatim. */
export const pisRowSchema = z.looseObject({
  pmtInstId: jitText,
  payInstDate: jitText,
  jitBillNumber: jitOptionalText,
  jitBillDate: jitOptionalText,
  billNetAmount: jitOptionalText,
  billGrossAmount: jitOptionalText,
  totalNumberOfBeneficiary: jitOptionalText,
  schemeCode: jitOptionalText,
  ssuIaId: jitOptionalText,
});

export type PisParams = z.infer<typeof pisParamsSchema>;
export type PisRow = z.infer<typeof pisRowSchema>;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The SSU rejection, pinned to the treasury's wording ("This Bill Number <no> is rejected by SSU
 * <office>") AND to the bill we asked about. The legacy adapter only checked that the text contained
 * the bill number and "rejected", so "… is not rejected …" or a message about another bill whose
 * number contains ours would have failed a payment. Returns the SSU office, or null if no match.
 */
export function matchSsuRejection(message: string, jitBillNo: string): { ssuOffice: string } | null {
  const pattern = new RegExp(
    `^\\s*This Bill Number\\s+${escapeRegExp(jitBillNo.trim())}\\s+is rejected by SSU\\s+(\\S(?:.*\\S)?)\\s*$`,
  );
  const match = pattern.exec(message);
  return match ? { ssuOffice: match[1] as string } : null;
}
