import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from 'knex';
import { LifecycleErrorType, type PiStatus } from '../../contracts';
import { openBeneficiary } from '../../db/pii/beneficiaries';
import type { FieldCipher } from '../../security/field-cipher';

export interface InstructionRow {
  pi_number: string;
  tenant_id: string;
  bill_number: string;
  payment_workflow_id: string;
  kind: 'ORIGINAL' | 'REVISED';
  original_pi_number: string | null;
  status: PiStatus;
  amount_paise: number;
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
  error: string | null;
}

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
}

export async function loadInstruction(
  db: Knex | Knex.Transaction,
  piNumber: string,
  options: { forUpdate?: boolean } = {},
): Promise<InstructionRow> {
  const query = db('payment_instructions').where({ pi_number: piNumber });
  if (options.forUpdate) void query.forUpdate();
  const row = (await query.first()) as InstructionRow | undefined;
  if (!row) {
    throw ApplicationFailure.create({
      type: LifecycleErrorType.InconsistentRecord,
      message: `no payment instruction ${piNumber} in the read model`,
      nonRetryable: true,
    });
  }
  return row;
}

export async function loadBeneficiaries(
  db: Knex | Knex.Transaction,
  piNumber: string,
  pii: FieldCipher,
): Promise<BeneficiaryRow[]> {
  const rows = (await db('pi_beneficiaries')
    .where({ pi_number: piNumber })
    .orderBy('beneficiary_number')) as BeneficiaryRow[];
  return rows.map((r) => openBeneficiary(pii, r));
}
