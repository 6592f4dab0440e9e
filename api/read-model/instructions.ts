import type { Knex } from 'knex';
import {
  beneficiariesOf,
  instructionRowByNumber,
  instructionRowsOfPayment,
  searchInstructionRows,
  type InstructionSearch,
  type ListedBeneficiary,
  type ListedInstruction,
} from '../../db/lifecycle/instruction-reads';
import type { FieldCipher } from '../../security/field-cipher';
import { decodeCursor, encodeCursor } from '../payments/cursor';
import { instructionLinks } from './links';

/** The API's filter: the search, continued from an opaque cursor. */
export type InstructionFilter = Omit<InstructionSearch, 'after'> & { cursor?: string };

function toInstruction(r: ListedInstruction) {
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

const toBeneficiary = (b: ListedBeneficiary) => ({
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
  const { cursor, ...filter } = f;
  const page = await searchInstructionRows(db, tenantId, {
    ...filter,
    after: cursor ? decodeCursor(cursor) : undefined,
  });
  return { items: page.items.map(toInstruction), nextCursor: page.next ? encodeCursor(page.next) : null };
}

/** The PIs of one payment (oldest first) with their beneficiaries. */
export async function instructionsOfPayment(db: Knex, pii: FieldCipher, tenantId: string, paymentWorkflowId: string) {
  return withBeneficiaries(db, pii, tenantId, await instructionRowsOfPayment(db, tenantId, paymentWorkflowId));
}

export async function findInstruction(db: Knex, pii: FieldCipher, tenantId: string, piNumber: string) {
  return (await withBeneficiaries(db, pii, tenantId, await instructionRowByNumber(db, tenantId, piNumber)))[0];
}

async function withBeneficiaries(db: Knex, pii: FieldCipher, tenantId: string, rows: ListedInstruction[]) {
  const beneficiaries = await beneficiariesOf(
    db,
    pii,
    tenantId,
    rows.map((r) => r.pi_number),
  );
  return rows.map((r) => ({
    ...toInstruction(r),
    beneficiaries: beneficiaries.filter((b) => b.pi_number === r.pi_number).map(toBeneficiary),
  }));
}
