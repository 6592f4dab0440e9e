import type { PiStatus } from '../../contracts';

/** A `payment_instructions` row (numeric columns as knex returns them for our column types). */
export interface InstructionRow {
  pi_number: string;
  tenant_id: string;
  bill_number: string;
  payment_workflow_id: string;
  kind: 'ORIGINAL' | 'REVISED';
  original_pi_number: string | null;
  corrects_pi_number: string | null;
  status: PiStatus;
  amount_paise: number;
  beneficiary_count: number;
  jit_bill_date: Date;
  master_allotment_id: string | null;
  hoa_code: string | null;
  ddo_code: string | null;
  ssu_id: string | null;
  scheme_code: string | null;
  grantee_ag_code: string | null;
  ssu_allotment_id: string | null;
  allotment_txn_sl_no: string | null;
  pmt_inst_id: string | null;
  pay_inst_date: string | null;
  fin_year: string | null;
  bill_ref_no: string | null;
  token_number: string | null;
  token_date: string | null;
  post_attempted_at: Date | null;
  stuck_stage: string | null;
  stuck_since: Date | null;
  stuck_reason: string | null;
  stuck_evidence: unknown;
  error: string | null;
  created_at: Date;
  updated_at: Date;
}

/** A `pi_beneficiaries` row, its personal columns opened. */
export interface BeneficiaryRow {
  pi_number: string;
  beneficiary_number: string;
  name: string;
  account_number: string;
  ifsc: string;
  cur_pi_number: string | null;
  org_account_number: string | null;
  org_ifsc: string | null;
  cur_account_number: string | null;
  cur_ifsc: string | null;
  amount_paise: number;
  type: string;
  mobile: string;
  address: string;
  status: string;
  utr_no: string | null;
  utr_date: string | null;
  failure_reason: string | null;
  challan_number: string | null;
  challan_date: string | null;
  line_item_ids: string[];
}

/** A `payments` row. */
export interface PaymentRow {
  workflow_id: string;
  tenant_id: string;
  bill_number: string;
  status: string;
  total_paise: number;
  beneficiary_count: number;
  head_of_account_codes: string[];
  submitted_by: string;
  submitted_at: Date;
  awaiting_funds_since: Date | null;
  last_error: string | null;
  updated_at: Date;
}
