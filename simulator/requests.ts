import { z } from 'zod';

/**
 * The `params` of each service as the treasury accepts them: lenient about representation (ids and
 * amounts may arrive as strings or numbers, stray whitespace is trimmed: one sample IFSC has a leading
 * space), strict about what must be there. Unknown extra fields are ignored, as a JSON API would.
 */
const text = z.union([z.string(), z.number()]).transform((v) => String(v).trim());
const required = text.pipe(z.string().min(1, 'is required'));
const optional = text.optional();

export const piBeneficiarySchema = z.object({
  benefId: required,
  benefName: optional,
  benfAcctNo: text,
  benfBankIfscCode: text,
  benfMobileNo: optional,
  benfEmailId: optional,
  benfAddress: optional,
  benfAccountType: optional,
  benfAmount: text,
  purpose: optional,
});

export const piParamsSchema = z.object({
  jitBillNo: required,
  jitBillDate: required,
  jitBillDdoCode: required,
  granteeAgCode: optional,
  schemeCode: optional,
  hoa: required,
  ssuIaId: required,
  mstAllotmentDistId: required,
  ssuAllotmentId: optional,
  allotmentTxnSlNo: optional,
  billGrossAmount: text,
  billNetAmount: text,
  billNumberOfBenf: text,
  purpose: optional,
  beneficiaryDetails: z.array(piBeneficiarySchema),
});
export type PiParams = z.infer<typeof piParamsSchema>;

export const vaParamsSchema = z
  .object({ hoa: required, ddoCode: required, granteCode: optional, granteeAgCode: optional, fromDate: required })
  .transform(({ granteeAgCode, granteCode, ...rest }) => ({ ...rest, granteCode: granteCode ?? granteeAgCode }));

export const pisParamsSchema = z.object({ jitBillNo: required, jitBillDate: optional, ssuIaId: optional });

export const pagParamsSchema = z.object({
  billNo: required,
  billDate: optional,
  pmtInstId: optional,
  pmtInstDate: optional,
  ssuIaId: optional,
});

export const pdParamsSchema = z.object({
  billRefNo: required,
  tokenNumber: optional,
  tokenDate: optional,
  finYear: optional,
  extAppName: optional,
});

/** The bulk form (by voucher date) or the older per-bill form (`request.json`). */
export const fdParamsSchema = z.union([
  z.object({ voucherDate: required, finYear: optional, extAppName: optional }),
  z.object({
    billRefNo: required,
    tokenNumber: optional,
    tokenDate: optional,
    finYear: optional,
    extAppName: optional,
  }),
]);

export const corBeneficiarySchema = z.object({
  benefId: required,
  jitCurBillRefNo: optional,
  orgAccountNo: text,
  orgIfsc: text,
  curAccountNo: optional,
  curIfsc: optional,
  correctedAccountNo: text,
  correctedIfsc: text,
});

/** The samples call the list `beneficiaryDetails`; the legacy adapter's model calls it `beneficiaryDtls`. */
export const corParamsSchema = z
  .object({
    jitCorBillNo: required,
    jitCorBillDate: required,
    jitCorBillDeptCode: optional,
    jitOrgBillRefNo: required,
    jitOrgBillNo: required,
    jitOrgBillDate: optional,
    beneficiaryDetails: z.array(corBeneficiarySchema).optional(),
    beneficiaryDtls: z.array(corBeneficiarySchema).optional(),
  })
  .transform(({ beneficiaryDetails, beneficiaryDtls, ...rest }) => ({
    ...rest,
    beneficiaryDetails: beneficiaryDetails ?? beneficiaryDtls ?? [],
  }));
export type CorParams = z.infer<typeof corParamsSchema>;

export const ftpsParamsSchema = z.object({
  jitCorBillNo: required,
  jitCorBillDate: optional,
  jitCorBillDeptCode: optional,
  jitOrgBillNo: optional,
  jitOrgBillRefNo: optional,
  jitOrgBillDate: optional,
});

export const ftfpsParamsSchema = z.object({
  jitCorBillNo: required,
  jitCorBillDate: optional,
  billRefNo: optional,
  tokenNumber: optional,
  tokenDate: optional,
});

/** "beneficiaryDetails.0.benfAmount: is required" for the first problem, for error messages. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid request';
  const where = issue.path.map(String).join('.') || 'params';
  return `${where}: ${issue.message}`;
}
