import type {
  CorrectionFailureStatusInput,
  CorrectionInput,
  CorrectionPaymentStatusInput,
  FailureDetailsInput,
  InstructionStatusInput,
  PaymentAdviceInput,
  PaymentDetailsInput,
  PaymentInstructionInput,
  VirtualAllotmentInput,
} from '../contracts/treasury';
import { formatIstDate, formatIstDateTime, JitFormatError, paiseToAmount } from '../jit/formats';
import type {
  CorParams,
  FdParams,
  FtfpsParams,
  FtpsParams,
  PagParams,
  PdParams,
  PiParams,
  PisParams,
  VaParams,
} from '../jit/schemas';
import { JIT_SCHEMAS } from '../jit/schemas';
import type { JitServiceId } from '../jit/service-ids';
import { TreasuryRequestInvalidError } from './errors';

/**
 * Our typed inputs → the treasury's wire params: dates formatted in IST, paise formatted as decimal
 * strings, our department/app name filled in. The gateway validates the result against the wire
 * schema before sending, so a mistake here is refused locally instead of being posted.
 */
export interface ParamsContext {
  /** `extAppName` for PD/FD and `jitCorBillDeptCode` for COR/FTPS (e.g. MUKTA). */
  extAppName: string;
}

export const vaParams = (i: VirtualAllotmentInput): VaParams => ({
  hoa: i.hoa,
  fromDate: formatIstDateTime(i.fromDate),
  ddoCode: i.ddoCode,
  granteCode: i.granteeCode,
});

/** Net = gross = the sum of the beneficiaries: deductions travel as beneficiaries of their own. */
export function piParams(i: PaymentInstructionInput): PiParams {
  const total = i.beneficiaries.reduce((sum, b) => sum + b.amountPaise, 0);
  const amount = paiseToAmount(total);
  return {
    jitBillNo: i.jitBillNo,
    jitBillDate: formatIstDateTime(i.jitBillDate),
    jitBillDdoCode: i.ddoCode,
    granteeAgCode: i.granteeAgCode,
    schemeCode: i.schemeCode,
    hoa: i.hoa,
    ssuIaId: i.ssuIaId,
    mstAllotmentDistId: i.mstAllotmentDistId,
    ssuAllotmentId: i.ssuAllotmentId,
    allotmentTxnSlNo: i.allotmentTxnSlNo,
    billGrossAmount: amount,
    billNetAmount: amount,
    billNumberOfBenf: String(i.beneficiaries.length),
    purpose: i.purpose,
    beneficiaryDetails: i.beneficiaries.map((b) => ({
      benefId: b.benefId,
      benefName: b.name,
      benfAcctNo: b.accountNumber,
      benfBankIfscCode: b.ifsc,
      benfMobileNo: b.mobile,
      benfEmailId: b.email ?? '',
      benfAddress: b.address,
      benfAccountType: b.accountType,
      benfAmount: paiseToAmount(b.amountPaise),
      purpose: b.purpose,
    })),
  };
}

export const pisParams = (i: InstructionStatusInput): PisParams => ({
  jitBillNo: i.jitBillNo,
  jitBillDate: formatIstDate(i.jitBillDate),
  ssuIaId: i.ssuIaId,
});

export const pagParams = (i: PaymentAdviceInput): PagParams => ({
  pmtInstId: i.pmtInstId,
  pmtInstDate: i.pmtInstDate,
  billNo: i.billNo,
  billDate: formatIstDate(i.billDate),
  ssuIaId: i.ssuIaId,
});

export const pdParams = (i: PaymentDetailsInput, ctx: ParamsContext): PdParams => ({
  finYear: i.finYear,
  extAppName: ctx.extAppName,
  billRefNo: i.billRefNo,
  tokenNumber: i.tokenNumber,
  tokenDate: i.tokenDate,
});

/**
 * The bulk form. `finYear` is, as the legacy adapter sent it (§2.6), the calendar year (IST) of the
 * look-back instant unless given; not the financial year's start year, which differs January–March.
 */
export const fdParams = (i: FailureDetailsInput, ctx: ParamsContext): FdParams => ({
  finYear: i.finYear ?? formatIstDate(i.since).slice(0, 4),
  extAppName: ctx.extAppName,
  voucherDate: formatIstDate(i.since),
});

/** The correction bill and the original it revises: COR's and FTPS's shared head. */
const correctionBill = (i: CorrectionPaymentStatusInput, ctx: ParamsContext) => ({
  jitCorBillNo: i.jitCorBillNo,
  jitCorBillDate: formatIstDateTime(i.jitCorBillDate),
  jitCorBillDeptCode: ctx.extAppName,
  jitOrgBillRefNo: i.orgBillRefNo,
  jitOrgBillNo: i.orgBillNo,
  jitOrgBillDate: formatIstDateTime(i.orgBillDate),
});

export const corParams = (i: CorrectionInput, ctx: ParamsContext): CorParams => ({
  ...correctionBill(i, ctx),
  // The samples' key; the legacy Java model called it beneficiaryDtls.
  beneficiaryDetails: i.beneficiaries.map((b) => ({
    benefId: b.benefId,
    jitCurBillRefNo: b.curBillRefNo,
    orgAccountNo: b.orgAccountNo,
    orgIfsc: b.orgIfsc,
    correctedAccountNo: b.correctedAccountNo,
    correctedIfsc: b.correctedIfsc,
    curAccountNo: b.curAccountNo,
    curIfsc: b.curIfsc,
  })),
});

export const ftpsParams = (i: CorrectionPaymentStatusInput, ctx: ParamsContext): FtpsParams => correctionBill(i, ctx);

export const ftfpsParams = (i: CorrectionFailureStatusInput): FtfpsParams => ({
  jitCorBillNo: i.jitCorBillNo,
  jitCorBillDate: formatIstDateTime(i.jitCorBillDate),
  billRefNo: i.billRefNo,
  tokenNumber: i.tokenNumber,
  tokenDate: i.tokenDate,
});

/**
 * Build the wire params and check them against the service's schema before anything is sent: a
 * failure here is a bug or bad input upstream, refused locally as non-retryable, never posted.
 */
export function validWireParams(serviceId: JitServiceId, build: () => unknown): unknown {
  let built: unknown;
  try {
    built = build();
  } catch (err) {
    if (err instanceof JitFormatError) throw new TreasuryRequestInvalidError(err.message, serviceId);
    throw err;
  }
  const parsed = JIT_SCHEMAS[serviceId].params.safeParse(built);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.')}: ${i.message}`)
      .join('; ');
    throw new TreasuryRequestInvalidError(`request does not fit the ${serviceId} schema (${problems})`, serviceId);
  }
  return parsed.data;
}
