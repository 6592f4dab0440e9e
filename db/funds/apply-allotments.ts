import type { Knex } from 'knex';
import { financialYearLabelOfIstDate } from './ist-date';
import type { ApplyAllotmentsResult, TreasuryAllotment } from './types';

const ENTRY_KIND = { INITIAL: 'ALLOTMENT', ADDITIONAL: 'ADDITIONAL', WITHDRAWAL: 'WITHDRAWAL' } as const;

/**
 * Applies a VA response to the ledger in one transaction. Idempotent: an allotment is keyed by the
 * treasury's own identifiers, so the same response applied twice changes nothing. An Additional or
 * Withdrawal for a sanction we have not seen yet is parked in `pending_allotments` and applied when
 * its Initial Allotment arrives (the legacy adapter dropped those).
 */
export async function applyAllotments(
  db: Knex,
  tenantId: string,
  rows: TreasuryAllotment[],
): Promise<ApplyAllotmentsResult> {
  const result: ApplyAllotmentsResult = {
    applied: 0,
    appliedRows: [],
    duplicates: 0,
    pending: 0,
    newSanctions: [],
    sanctionsInDeficit: [],
  };
  const ordered = [...rows].sort(
    (a, b) =>
      Number(b.type === 'INITIAL') - Number(a.type === 'INITIAL') ||
      a.masterAllotmentId.localeCompare(b.masterAllotmentId) ||
      Number(a.allotmentTxnSlNo) - Number(b.allotmentTxnSlNo),
  );
  await db.transaction(async (trx) => {
    for (const row of ordered) {
      if (row.type === 'INITIAL' && (await createSanction(trx, tenantId, row))) {
        result.newSanctions.push(row.masterAllotmentId);
      }
      await applyOne(trx, tenantId, row, result);
    }
    for (const masterAllotmentId of result.newSanctions) {
      const parked = await trx('pending_allotments').where({ master_allotment_id: masterAllotmentId }).orderBy('id');
      for (const p of parked as Array<{ id: number; row: TreasuryAllotment }>) {
        await applyOne(trx, tenantId, p.row, result);
        await trx('pending_allotments').where({ id: p.id }).delete();
      }
    }
    const [waiting] = (await trx('pending_allotments').where({ tenant_id: tenantId }).count({ n: '*' })) as Array<{
      n: string | number;
    }>;
    result.pending = Number(waiting?.n ?? 0);
  });
  return result;
}

async function createSanction(trx: Knex.Transaction, tenantId: string, row: TreasuryAllotment): Promise<boolean> {
  const inserted = await trx('sanctions')
    .insert({
      master_allotment_id: row.masterAllotmentId,
      tenant_id: tenantId,
      ssu_id: row.ssuId,
      ddo_code: row.ddoCode,
      hoa_code: row.hoaCode,
      scheme_code: row.schemeCode,
      sanctioned_paise: row.availableBalancePaise + row.amountPaise,
      financial_year: financialYearLabelOfIstDate(row.allotmentDate),
    })
    .onConflict('master_allotment_id')
    .ignore()
    .returning('id');
  const created = inserted[0] as { id: number } | undefined;
  if (!created) return false;
  await trx('sanction_balances').insert({ sanction_id: created.id });
  return true;
}

async function applyOne(
  trx: Knex.Transaction,
  tenantId: string,
  row: TreasuryAllotment,
  result: ApplyAllotmentsResult,
): Promise<void> {
  const sanction = (await trx('sanctions').where({ master_allotment_id: row.masterAllotmentId }).first('id')) as
    { id: number } | undefined;
  if (!sanction) {
    const parked = await trx('pending_allotments')
      .insert({
        tenant_id: tenantId,
        master_allotment_id: row.masterAllotmentId,
        ssu_allotment_id: row.ssuAllotmentId,
        allotment_txn_sl_no: row.allotmentTxnSlNo,
        row: JSON.stringify(row),
      })
      .onConflict(['master_allotment_id', 'ssu_allotment_id', 'allotment_txn_sl_no'])
      .ignore()
      .returning('id');
    if (parked.length === 0) result.duplicates += 1;
    return;
  }
  const inserted = await trx('allotments')
    .insert({
      sanction_id: sanction.id,
      master_allotment_id: row.masterAllotmentId,
      ssu_allotment_id: row.ssuAllotmentId,
      allotment_txn_sl_no: row.allotmentTxnSlNo,
      txn_type: row.type,
      amount_paise: row.amountPaise,
      treasury_available_balance_paise: row.availableBalancePaise,
      allotment_date: row.allotmentDate,
    })
    .onConflict(['master_allotment_id', 'ssu_allotment_id', 'allotment_txn_sl_no'])
    .ignore()
    .returning('id');
  const allotment = inserted[0] as { id: number } | undefined;
  if (!allotment) {
    result.duplicates += 1;
    return;
  }
  const delta =
    row.type === 'WITHDRAWAL'
      ? {
          withdrawn_paise: trx.raw('withdrawn_paise + ?', [row.amountPaise]),
          available_paise: trx.raw('available_paise - ?', [row.amountPaise]),
        }
      : {
          allotted_paise: trx.raw('allotted_paise + ?', [row.amountPaise]),
          available_paise: trx.raw('available_paise + ?', [row.amountPaise]),
        };
  const [balance] = (await trx('sanction_balances')
    .where({ sanction_id: sanction.id })
    .update({ ...delta, updated_at: trx.fn.now() })
    .returning('available_paise')) as Array<{ available_paise: number }>;
  await trx('ledger_entries').insert({
    sanction_id: sanction.id,
    kind: ENTRY_KIND[row.type],
    amount_paise: row.amountPaise,
    allotment_id: allotment.id,
    entry_date: row.allotmentDate,
  });
  result.applied += 1;
  result.appliedRows.push(row);
  if (balance && balance.available_paise < 0 && !result.sanctionsInDeficit.includes(row.masterAllotmentId)) {
    result.sanctionsInDeficit.push(row.masterAllotmentId);
  }
}
