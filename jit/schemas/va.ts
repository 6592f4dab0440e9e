import { z } from 'zod';
import { jitOptionalText, jitText, wireDateTime, wireText } from './common';

/** VA (virtual allotment) request: `granteCode` is the treasury's spelling. */
export const vaParamsSchema = z.object({
  hoa: wireText,
  fromDate: wireDateTime,
  ddoCode: wireText,
  granteCode: wireText,
});

/** One allotment transaction; the funds ledger needs the master allotment, serial, type and amount. */
export const vaRowSchema = z.looseObject({
  ddoCode: jitOptionalText,
  schemeCode: jitOptionalText,
  schemeName: jitOptionalText,
  granteeAgCode: jitOptionalText,
  granteeName: jitOptionalText,
  ssuId: jitOptionalText,
  ssuOffice: jitOptionalText,
  allotmentDate: jitText,
  allotmentTxnSlNo: jitText,
  allotmentAmount: jitText,
  availableBalance: jitOptionalText,
  /** "Initial Allotment" | "Additional allotment" | "Allotment withdrawal" (casing varies). */
  allotmentTxnType: jitText,
  mstAllotmentDistId: jitText,
  ssuAllotmentId: jitText,
});

export type VaParams = z.infer<typeof vaParamsSchema>;
export type VaRow = z.infer<typeof vaRowSchema>;
