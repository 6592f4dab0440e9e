import { formatIstDate } from '../ist';
import type { BeneficiaryPayment } from '../state/payments';

/** A paid beneficiary in a debit scroll (PD, FTPS `benfDtls`). */
export function paidBeneficiaryRow(p: BeneficiaryPayment) {
  return {
    benfAcctNo: p.accountNo,
    benfBankIfscCode: p.ifsc,
    utrNo: p.utrNo,
    utrDate: formatIstDate(p.paidAt),
    endToEndId: p.endToEndId,
    benfId: p.benefId,
  };
}

/** A returned beneficiary (FD, FTFPS `benfDtls`). */
export function returnedBeneficiaryRow(p: BeneficiaryPayment, orgBillRefNumber: string) {
  const returned = p.returned;
  if (!returned) throw new Error(`beneficiary ${p.benefId} was not returned`);
  // The paid row's fields, in the same order, then the return's; benfId stays last, as in the samples.
  const { benfId, ...paid } = paidBeneficiaryRow(p);
  return {
    ...paid,
    orgBillRefNumber,
    challanNumber: returned.challanNumber,
    challanDate: formatIstDate(returned.visibleAt),
    failedReason: returned.reason,
    benfId,
  };
}

/** The `paymentStatus` text RBI's e-Kuber puts on a paid bill (PD, FTPS), as in the samples. */
export const PAID_STATUS_TEXT = 'Paid by RBI eKuber,please check with your bank';

/** The `yyyy-MM-dd` part of a date the client sent as `yyyy-MM-dd HH:mm:ss`. */
export function datePart(value: string): string {
  return value.trim().slice(0, 10);
}
