// The MUKTA UI's formats, which the treasury enforces too.
import { ACCOUNT_NUMBER_PATTERN as ACCOUNT_PATTERN, IFSC_PATTERN } from '../contracts/bank-details';
import { ERROR_CODES, type JitErrorMsg } from './error-codes';
import { parseIst } from './ist';
import { formatRupees, parseRupees } from './money';
import type { CorParams, PiParams } from './requests';
import type { SeedSsu } from './seed/schema';
import type { PayeeInput } from './state/payments';

const COUNT_PATTERN = /^\d{1,6}$/;

export type Validation<T> = { ok: true; value: T } | { ok: false; errors: JitErrorMsg[] };

export interface PiValidationContext {
  ssuByDdo(ddoCode: string): SeedSsu | undefined;
  master(mstAllotmentDistId: string): { ddoCode: string; hoa: string } | undefined;
  availablePaise(mstAllotmentDistId: string): number;
}

export interface ValidatedPi {
  params: PiParams;
  ssu: SeedSsu;
  grossPaise: number;
  netPaise: number;
  payees: PayeeInput[];
}

const err = (errorCode: string, errorMsg: string): JitErrorMsg => ({ errorCode, errorMsg });

/** Every treasury-side PI rule (docs/treasury.md §6) except the duplicate bill number, which the state checks first. */
export function validatePaymentInstruction(p: PiParams, ctx: PiValidationContext): Validation<ValidatedPi> {
  const errors: JitErrorMsg[] = [];
  const C = ERROR_CODES;

  const ssu = ctx.ssuByDdo(p.jitBillDdoCode);
  if (!ssu || ssu.ssuId !== p.ssuIaId || (p.granteeAgCode !== undefined && p.granteeAgCode !== ssu.granteeAgCode)) {
    errors.push(err(C.UNKNOWN_DDO_OR_SSU, `DDO ${p.jitBillDdoCode} and SSU ${p.ssuIaId} are not mapped to each other`));
  }
  if (parseIst(p.jitBillDate) === undefined) errors.push(err(C.INVALID_FIELD, 'Missing or invalid jitBillDate'));
  const master = ctx.master(p.mstAllotmentDistId);
  const masterOk = master !== undefined && master.ddoCode === p.jitBillDdoCode && master.hoa === p.hoa;
  if (!masterOk) {
    errors.push(
      err(
        C.UNKNOWN_MASTER_ALLOTMENT,
        `Master allotment ${p.mstAllotmentDistId} is not available for DDO ${p.jitBillDdoCode} and HOA ${p.hoa}`,
      ),
    );
  }

  const benefs = p.beneficiaryDetails;
  if (benefs.length === 0) errors.push(err(C.NO_BENEFICIARY, 'At least one beneficiary is required'));
  if (!COUNT_PATTERN.test(p.billNumberOfBenf)) {
    errors.push(err(C.INVALID_FIELD, 'Missing or invalid billNumberOfBenf'));
  } else if (Number(p.billNumberOfBenf) !== benefs.length) {
    errors.push(
      err(
        C.BENEFICIARY_COUNT_MISMATCH,
        `Number of beneficiaries ${benefs.length} does not match billNumberOfBenf ${p.billNumberOfBenf}`,
      ),
    );
  }

  const gross = parseRupees(p.billGrossAmount);
  const net = parseRupees(p.billNetAmount);
  if (gross === undefined) errors.push(err(C.INVALID_AMOUNT, `Invalid billGrossAmount ${p.billGrossAmount}`));
  if (net === undefined) errors.push(err(C.INVALID_AMOUNT, `Invalid billNetAmount ${p.billNetAmount}`));
  if (gross !== undefined && net !== undefined && !(net > 0 && gross >= net)) {
    errors.push(err(C.GROSS_NET_INVALID, 'Bill gross amount must be at least the net amount, and neither may be zero'));
  }

  const payees: PayeeInput[] = [];
  const seenIds = new Set<string>();
  const seenAccounts = new Set<string>();
  let sum = 0;
  let amountsOk = true;
  for (const b of benefs) {
    const ifsc = b.benfBankIfscCode.trim();
    const account = b.benfAcctNo.trim();
    if (seenIds.has(b.benefId)) errors.push(err(C.DUPLICATE_BENEF_ID, `Duplicate BenefId ${b.benefId}`));
    seenIds.add(b.benefId);
    if (!IFSC_PATTERN.test(ifsc)) {
      errors.push(err(C.WRONG_IFSC, `Wrong IFSC provided in Beneficiary Details for BenefId ${b.benefId}`));
    }
    if (!ACCOUNT_PATTERN.test(account)) {
      errors.push(
        err(C.WRONG_ACCOUNT, `Wrong account number provided in Beneficiary Details for BenefId ${b.benefId}`),
      );
    }
    const accountKey = `${account}|${ifsc}`;
    if (seenAccounts.has(accountKey)) {
      errors.push(
        err(C.DUPLICATE_ACCOUNT, `Duplicate account number and IFSC in Beneficiary Details for BenefId ${b.benefId}`),
      );
    }
    seenAccounts.add(accountKey);
    const amount = parseRupees(b.benfAmount);
    if (amount === undefined || amount === 0) {
      amountsOk = false;
      errors.push(err(C.INVALID_AMOUNT, `Invalid benfAmount ${b.benfAmount} for BenefId ${b.benefId}`));
    } else {
      sum += amount;
    }
    payees.push({ benefId: b.benefId, name: b.benefName ?? '', accountNo: account, ifsc, amountPaise: amount ?? 0 });
  }
  if (amountsOk && net !== undefined && benefs.length > 0 && sum !== net) {
    errors.push(
      err(
        C.NET_AMOUNT_MISMATCH,
        `Bill net amount ${formatRupees(net)} does not match the sum of beneficiary amounts ${formatRupees(sum)}`,
      ),
    );
  }
  if (masterOk && gross !== undefined && gross > 0) {
    const available = ctx.availablePaise(p.mstAllotmentDistId);
    if (gross > available) {
      errors.push(
        err(
          C.INSUFFICIENT_FUNDS,
          `Insufficient balance in master allotment ${p.mstAllotmentDistId}: available ${formatRupees(Math.max(available, 0))}, required ${formatRupees(gross)}`,
        ),
      );
    }
  }

  if (errors.length > 0 || !ssu || gross === undefined || net === undefined) return { ok: false, errors };
  return { ok: true, value: { params: p, ssu, grossPaise: gross, netPaise: net, payees } };
}

/** What the COR rules need to know about an original PI and the payments made for it so far. */
export interface CorOriginal {
  onlineBillRefNo: string;
  /** The online bill reference is public only once the advice exists. */
  advised: boolean;
  beneficiaries: ReadonlyArray<{ benefId: string; name: string; accountNo: string; ifsc: string; amountPaise: number }>;
}

export interface CorValidationContext {
  original(jitOrgBillNo: string): CorOriginal | undefined;
  /** The most recent payment attempt for a beneficiary of that original (the original PI's, or a correction's). */
  latestAttempt(
    jitOrgBillNo: string,
    benefId: string,
  ): { accountNo: string; ifsc: string; returnVisible: boolean } | undefined;
}

export function validateCorrection(p: CorParams, ctx: CorValidationContext): Validation<PayeeInput[]> {
  const C = ERROR_CODES;
  const original = ctx.original(p.jitOrgBillNo);
  if (!original) {
    return { ok: false, errors: [err(C.COR_ORIGINAL_NOT_FOUND, `Original bill ${p.jitOrgBillNo} not found`)] };
  }
  if (!original.advised || original.onlineBillRefNo !== p.jitOrgBillRefNo) {
    return {
      ok: false,
      errors: [
        err(
          C.COR_ORIGINAL_NOT_FOUND,
          `Original bill reference number ${p.jitOrgBillRefNo} does not belong to bill ${p.jitOrgBillNo}`,
        ),
      ],
    };
  }
  const errors: JitErrorMsg[] = [];
  if (p.beneficiaryDetails.length === 0) errors.push(err(C.NO_BENEFICIARY, 'At least one beneficiary is required'));
  const payees: PayeeInput[] = [];
  const seen = new Set<string>();
  for (const b of p.beneficiaryDetails) {
    if (seen.has(b.benefId)) errors.push(err(C.DUPLICATE_BENEF_ID, `Duplicate BenefId ${b.benefId}`));
    seen.add(b.benefId);
    const orig = original.beneficiaries.find((o) => o.benefId === b.benefId);
    if (!orig || orig.accountNo !== b.orgAccountNo.trim() || orig.ifsc !== b.orgIfsc.trim()) {
      errors.push(
        err(C.COR_NOT_IN_ORIGINAL, `The beneficiary ${b.benefId} was not present in the original payment instruction`),
      );
      continue;
    }
    const correctedIfsc = b.correctedIfsc.trim();
    const correctedAccount = b.correctedAccountNo.trim();
    if (!IFSC_PATTERN.test(correctedIfsc)) {
      errors.push(err(C.COR_WRONG_IFSC, `Wrong IFSC provided in Beneficiary Details for BenefId ${b.benefId}`));
    }
    if (!ACCOUNT_PATTERN.test(correctedAccount)) {
      errors.push(
        err(C.COR_WRONG_ACCOUNT, `Wrong account number provided in Beneficiary Details for BenefId ${b.benefId}`),
      );
    }
    const latest = ctx.latestAttempt(p.jitOrgBillNo, b.benefId);
    if (!latest?.returnVisible) {
      errors.push(
        err(C.COR_NOT_RETURNED, `The beneficiary ${b.benefId} has no returned payment that can be corrected`),
      );
    } else if (
      (b.curAccountNo !== undefined && b.curAccountNo !== '' && b.curAccountNo !== latest.accountNo) ||
      (b.curIfsc !== undefined && b.curIfsc !== '' && b.curIfsc !== latest.ifsc)
    ) {
      errors.push(
        err(C.COR_CURRENT_MISMATCH, `Current account details do not match the latest payment for BenefId ${b.benefId}`),
      );
    }
    payees.push({
      benefId: b.benefId,
      name: orig.name,
      accountNo: correctedAccount,
      ifsc: correctedIfsc,
      amountPaise: orig.amountPaise,
    });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: payees };
}
