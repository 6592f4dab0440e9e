import type { CorrectionInput, PaymentInstructionInput } from '../../contracts/treasury';
import type { BeneficiaryRow, InstructionRow } from '../../db/lifecycle/rows';

/** What the MUKTA integration sends as purposes and account type (legacy §2.2). */
const HEADER_PURPOSE = 'MUKTA';
const BENEFICIARY_PURPOSE = 'Mukta Payment';
const ACCOUNT_TYPE = 'Saving';

/** The PI request, built only from the persisted rows: what is sent is exactly what was recorded. */
export function piRequest(pi: InstructionRow, beneficiaries: BeneficiaryRow[]): PaymentInstructionInput {
  return {
    jitBillNo: pi.pi_number,
    jitBillDate: pi.jit_bill_date.toISOString(),
    ddoCode: required(pi.ddo_code, 'ddo_code'),
    granteeAgCode: required(pi.grantee_ag_code, 'grantee_ag_code'),
    schemeCode: required(pi.scheme_code, 'scheme_code'),
    hoa: required(pi.hoa_code, 'hoa_code'),
    ssuIaId: required(pi.ssu_id, 'ssu_id'),
    mstAllotmentDistId: required(pi.master_allotment_id, 'master_allotment_id'),
    ssuAllotmentId: pi.ssu_allotment_id ?? '',
    allotmentTxnSlNo: pi.allotment_txn_sl_no ?? '',
    purpose: HEADER_PURPOSE,
    beneficiaries: beneficiaries.map((b) => ({
      benefId: b.beneficiary_number,
      name: b.name,
      accountNumber: b.account_number,
      ifsc: b.ifsc,
      mobile: b.mobile,
      address: b.address,
      accountType: ACCOUNT_TYPE,
      amountPaise: b.amount_paise,
      purpose: BENEFICIARY_PURPOSE,
    })),
  };
}

/** The COR request: original, current and corrected details per beneficiary, all from our own rows. */
export function corRequest(
  pi: InstructionRow,
  original: InstructionRow,
  beneficiaries: BeneficiaryRow[],
  billRefOf: (piNumber: string) => string,
): CorrectionInput {
  return {
    jitCorBillNo: pi.pi_number,
    jitCorBillDate: pi.jit_bill_date.toISOString(),
    orgBillRefNo: required(original.bill_ref_no, 'original bill_ref_no'),
    orgBillNo: original.pi_number,
    orgBillDate: original.jit_bill_date.toISOString(),
    beneficiaries: beneficiaries.map((b) => ({
      benefId: b.beneficiary_number,
      curBillRefNo: billRefOf(required(b.cur_pi_number, 'cur_pi_number')),
      orgAccountNo: required(b.org_account_number, 'org_account_number'),
      orgIfsc: required(b.org_ifsc, 'org_ifsc'),
      curAccountNo: required(b.cur_account_number, 'cur_account_number'),
      curIfsc: required(b.cur_ifsc, 'cur_ifsc'),
      correctedAccountNo: b.account_number,
      correctedIfsc: b.ifsc,
    })),
  };
}

function required(value: string | null, field: string): string {
  if (value === null || value === '') throw new Error(`payment instruction is missing ${field}`);
  return value;
}
