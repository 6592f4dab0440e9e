import type { Knex } from 'knex';
import type { FieldCipher } from '../../security/field-cipher';
import { openBeneficiary } from '../pii/beneficiaries';
import { keysetInstantSql, keysetPage, type Keyset, type KeysetOrder } from './keyset';
import type { BeneficiaryRow, InstructionRow } from './rows';
import { LifecycleTable } from './tables';

/** What the API shows of a PI, with the instant its keyset is taken from. */
export type ListedInstruction = Pick<
  InstructionRow,
  | 'pi_number'
  | 'bill_number'
  | 'payment_workflow_id'
  | 'kind'
  | 'original_pi_number'
  | 'corrects_pi_number'
  | 'status'
  | 'amount_paise'
  | 'beneficiary_count'
  | 'hoa_code'
  | 'bill_ref_no'
  | 'token_number'
  | 'stuck_stage'
  | 'stuck_since'
  | 'error'
  | 'created_at'
  | 'updated_at'
> & { cursor_at: string };

export type ListedBeneficiary = Pick<
  BeneficiaryRow,
  | 'pi_number'
  | 'beneficiary_number'
  | 'name'
  | 'account_number'
  | 'ifsc'
  | 'amount_paise'
  | 'type'
  | 'status'
  | 'utr_no'
  | 'utr_date'
  | 'failure_reason'
  | 'line_item_ids'
>;

export interface InstructionSearch {
  status?: string;
  billNumber?: string;
  stuck?: boolean;
  limit: number;
  after?: Keyset;
}

const columns = (db: Knex) => [
  'i.pi_number',
  'i.bill_number',
  'i.payment_workflow_id',
  'i.kind',
  'i.original_pi_number',
  'i.corrects_pi_number',
  'i.status',
  'i.amount_paise',
  'i.beneficiary_count',
  'i.hoa_code',
  'i.bill_ref_no',
  'i.token_number',
  'i.stuck_stage',
  'i.stuck_since',
  'i.error',
  'i.created_at',
  'i.updated_at',
  db.raw(`${keysetInstantSql('i.created_at')} as cursor_at`),
];

const NEWEST_FIRST: KeysetOrder<ListedInstruction> = {
  atColumn: 'i.created_at',
  idColumn: 'i.pi_number',
  keyOf: (r) => ({ at: r.cursor_at, id: r.pi_number }),
};

const instructions = (db: Knex) => db(`${LifecycleTable.instructions} as i`);

/** Newest first, keyset-paginated on (created_at, pi_number); always within one tenant. */
export async function searchInstructionRows(db: Knex, tenantId: string, f: InstructionSearch) {
  const q = instructions(db).where('i.tenant_id', tenantId);
  if (f.status) void q.andWhere('i.status', f.status);
  if (f.billNumber) void q.andWhere('i.bill_number', f.billNumber);
  if (f.stuck === true) void q.whereNotNull('i.stuck_stage');
  if (f.stuck === false) void q.whereNull('i.stuck_stage');
  return keysetPage(q.select(columns(db)), NEWEST_FIRST, f);
}

/** The PIs of one payment, oldest first. */
export async function instructionRowsOfPayment(db: Knex, tenantId: string, paymentWorkflowId: string) {
  return (await instructions(db)
    .where({ 'i.tenant_id': tenantId, 'i.payment_workflow_id': paymentWorkflowId })
    .orderBy([{ column: 'i.created_at' }, { column: 'i.pi_number' }])
    .select(columns(db))) as ListedInstruction[];
}

export async function instructionRowByNumber(db: Knex, tenantId: string, piNumber: string) {
  return (await instructions(db)
    .where({ 'i.tenant_id': tenantId, 'i.pi_number': piNumber })
    .select(columns(db))) as ListedInstruction[];
}

/** The beneficiaries of these PIs, personal columns opened, by PI then number. */
export async function beneficiariesOf(
  db: Knex,
  pii: FieldCipher,
  tenantId: string,
  piNumbers: string[],
): Promise<ListedBeneficiary[]> {
  if (piNumbers.length === 0) return [];
  const rows = (await db(LifecycleTable.piBeneficiaries)
    .where('tenant_id', tenantId)
    .whereIn('pi_number', piNumbers)
    .orderBy(['pi_number', 'beneficiary_number'])
    .select(
      'pi_number',
      'beneficiary_number',
      'name',
      'account_number',
      'ifsc',
      'amount_paise',
      'type',
      'status',
      'utr_no',
      'utr_date',
      'failure_reason',
      'line_item_ids',
    )) as ListedBeneficiary[];
  return rows.map((b) => openBeneficiary(pii, b));
}
