import type { ReturnedBeneficiary } from '../../contracts';
import type { FieldCipher } from '../../security/field-cipher';
import { openBeneficiary, sealBeneficiary } from '../pii/beneficiaries';
import type { BeneficiaryRow } from './rows';
import { LifecycleTable, type Queryable } from './tables';

const piBeneficiaries = (db: Queryable) => db(LifecycleTable.piBeneficiaries);

/** A PI's beneficiaries in number order, personal columns opened. */
export async function loadBeneficiaries(db: Queryable, piNumber: string, pii: FieldCipher): Promise<BeneficiaryRow[]> {
  const rows = (await piBeneficiaries(db)
    .where({ pi_number: piNumber })
    .orderBy('beneficiary_number')) as BeneficiaryRow[];
  return rows.map((r) => openBeneficiary(pii, r));
}

/** Seals and stores a PI's beneficiaries; rows already stored (a retry) are left as they are. */
export async function insertBeneficiaries(
  db: Queryable,
  pii: FieldCipher,
  rows: Array<{ pi_number: string; beneficiary_number: string } & Record<string, unknown>>,
): Promise<void> {
  await piBeneficiaries(db)
    .insert(rows.map((r) => sealBeneficiary(pii, r)))
    .onConflict(['pi_number', 'beneficiary_number'])
    .ignore();
}

export async function deleteBeneficiaries(db: Queryable, piNumber: string): Promise<void> {
  await piBeneficiaries(db).where({ pi_number: piNumber }).delete();
}

/** The PIs whose failed beneficiaries a revision re-pays. */
export async function correctedPiNumbers(db: Queryable, revisionPiNumber: string): Promise<string[]> {
  const rows = (await piBeneficiaries(db).where({ pi_number: revisionPiNumber }).distinct('cur_pi_number')) as Array<{
    cur_pi_number: string;
  }>;
  return rows.map((r) => r.cur_pi_number);
}

/** A line of the debit scroll: SUCCESS unless the beneficiary is already settled (paid or returned). */
export async function markBeneficiaryPaid(
  db: Queryable,
  piNumber: string,
  line: { beneficiaryNumber: string; utrNo: string | null; utrDate: string | null; endToEndId: string | null },
  voucherNo: string | null,
): Promise<boolean> {
  const updated = await piBeneficiaries(db)
    .where({ pi_number: piNumber, beneficiary_number: line.beneficiaryNumber })
    .whereNotIn('status', ['FAILED', 'SUCCESS'])
    .update({
      status: 'SUCCESS',
      utr_no: line.utrNo,
      utr_date: line.utrDate,
      end_to_end_id: line.endToEndId,
      voucher_no: voucherNo,
      updated_at: db.fn.now(),
    });
  return updated > 0;
}

/** A return from the bank: FAILED unless already FAILED (so a return is counted once). */
export async function markBeneficiaryReturned(
  db: Queryable,
  piNumber: string,
  r: ReturnedBeneficiary,
): Promise<boolean> {
  const updated = await piBeneficiaries(db)
    .where({ pi_number: piNumber, beneficiary_number: r.beneficiaryNumber })
    .whereNot({ status: 'FAILED' })
    .update({
      status: 'FAILED',
      failure_reason: r.reason,
      challan_number: r.challanNumber ?? null,
      challan_date: r.challanDate ?? null,
      updated_at: db.fn.now(),
    });
  return updated > 0;
}

/** How many of a PI's beneficiaries are in each status. */
export async function beneficiaryStatusCounts(db: Queryable, piNumber: string): Promise<Map<string, number>> {
  const counts = (await piBeneficiaries(db)
    .where({ pi_number: piNumber })
    .select('status')
    .count({ n: '*' })
    .groupBy('status')) as Array<{ status: string; n: string }>;
  return new Map(counts.map((c) => [c.status, Number(c.n)]));
}

export type FailedBeneficiary = Pick<
  BeneficiaryRow,
  'beneficiary_number' | 'failure_reason' | 'amount_paise' | 'challan_number' | 'challan_date'
>;

/** Those of `numbers` that are FAILED now. */
export async function failedBeneficiariesAmong(
  db: Queryable,
  piNumber: string,
  numbers: string[],
): Promise<FailedBeneficiary[]> {
  return (await piBeneficiaries(db)
    .where({ pi_number: piNumber, status: 'FAILED' })
    .whereIn('beneficiary_number', numbers)
    .select(
      'beneficiary_number',
      'failure_reason',
      'amount_paise',
      'challan_number',
      'challan_date',
    )) as FailedBeneficiary[];
}
