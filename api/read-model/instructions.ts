import type { Knex } from 'knex';
import { openBeneficiary } from '../../db/pii/beneficiaries';
import type { FieldCipher } from '../../security/field-cipher';
import { cursorInstantSql, decodeCursor, encodeCursor } from '../payments/cursor';
import { instructionLinks } from './links';

interface InstructionRow {
  pi_number: string;
  bill_number: string;
  payment_workflow_id: string;
  kind: 'ORIGINAL' | 'REVISED';
  original_pi_number: string | null;
  corrects_pi_number: string | null;
  status: string;
  amount_paise: number;
  beneficiary_count: number;
  hoa_code: string | null;
  bill_ref_no: string | null;
  token_number: string | null;
  stuck_stage: string | null;
  stuck_since: Date | null;
  error: string | null;
  created_at: Date;
  updated_at: Date;
  cursor_at: string;
}

interface BeneficiaryRow {
  pi_number: string;
  beneficiary_number: string;
  name: string;
  account_number: string;
  ifsc: string;
  amount_paise: number;
  type: string;
  status: string;
  utr_no: string | null;
  utr_date: string | null;
  failure_reason: string | null;
  line_item_ids: string[];
}

export interface InstructionFilter {
  status?: string;
  billNumber?: string;
  stuck?: boolean;
  limit: number;
  cursor?: string;
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
  db.raw(`${cursorInstantSql('i.created_at')} as cursor_at`),
];

function toInstruction(r: InstructionRow) {
  return {
    piNumber: r.pi_number,
    billNumber: r.bill_number,
    paymentId: r.payment_workflow_id,
    kind: r.kind,
    originalPiNumber: r.original_pi_number,
    correctsPiNumber: r.corrects_pi_number,
    status: r.status,
    amountPaise: r.amount_paise,
    beneficiaryCount: r.beneficiary_count,
    hoaCode: r.hoa_code,
    billRefNo: r.bill_ref_no,
    tokenNumber: r.token_number,
    stuckStage: r.stuck_stage,
    stuckSince: r.stuck_since?.toISOString() ?? null,
    error: r.error,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    links: instructionLinks(r.pi_number, r.bill_number),
  };
}
export type Instruction = ReturnType<typeof toInstruction>;

const toBeneficiary = (b: BeneficiaryRow) => ({
  beneficiaryNumber: b.beneficiary_number,
  name: b.name,
  accountNumber: b.account_number,
  ifsc: b.ifsc,
  amountPaise: b.amount_paise,
  type: b.type,
  status: b.status,
  utrNo: b.utr_no,
  utrDate: b.utr_date,
  failureReason: b.failure_reason,
  lineItemIds: b.line_item_ids,
});

/** Newest first, keyset-paginated on (created_at, pi_number); always within one tenant. */
export async function searchInstructions(db: Knex, tenantId: string, f: InstructionFilter) {
  const q = db('payment_instructions as i').where('i.tenant_id', tenantId);
  if (f.status) void q.andWhere('i.status', f.status);
  if (f.billNumber) void q.andWhere('i.bill_number', f.billNumber);
  if (f.stuck === true) void q.whereNotNull('i.stuck_stage');
  if (f.stuck === false) void q.whereNull('i.stuck_stage');
  if (f.cursor) {
    const k = decodeCursor(f.cursor);
    void q.andWhereRaw('(i.created_at, i.pi_number) < (?::timestamptz, ?)', [k.at, k.id]);
  }
  const rows = (await q
    .orderBy([
      { column: 'i.created_at', order: 'desc' },
      { column: 'i.pi_number', order: 'desc' },
    ])
    .limit(f.limit + 1)
    .select(columns(db))) as InstructionRow[];
  const items = rows.slice(0, f.limit);
  const last = items[items.length - 1];
  return {
    items: items.map(toInstruction),
    nextCursor: rows.length > f.limit && last ? encodeCursor({ at: last.cursor_at, id: last.pi_number }) : null,
  };
}

/** The PIs of one payment (oldest first) with their beneficiaries. */
export async function instructionsOfPayment(db: Knex, pii: FieldCipher, tenantId: string, paymentWorkflowId: string) {
  const rows = (await db('payment_instructions as i')
    .where({ 'i.tenant_id': tenantId, 'i.payment_workflow_id': paymentWorkflowId })
    .orderBy([{ column: 'i.created_at' }, { column: 'i.pi_number' }])
    .select(columns(db))) as InstructionRow[];
  return withBeneficiaries(db, pii, tenantId, rows);
}

export async function findInstruction(db: Knex, pii: FieldCipher, tenantId: string, piNumber: string) {
  const rows = (await db('payment_instructions as i')
    .where({ 'i.tenant_id': tenantId, 'i.pi_number': piNumber })
    .select(columns(db))) as InstructionRow[];
  return (await withBeneficiaries(db, pii, tenantId, rows))[0];
}

async function withBeneficiaries(db: Knex, pii: FieldCipher, tenantId: string, rows: InstructionRow[]) {
  if (rows.length === 0) return [];
  const beneficiaries = (await db('pi_beneficiaries')
    .where('tenant_id', tenantId)
    .whereIn(
      'pi_number',
      rows.map((r) => r.pi_number),
    )
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
    )) as BeneficiaryRow[];
  return rows.map((r) => ({
    ...toInstruction(r),
    beneficiaries: beneficiaries
      .filter((b) => b.pi_number === r.pi_number)
      .map((b) => toBeneficiary(openBeneficiary(pii, b))),
  }));
}
