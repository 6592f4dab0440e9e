import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { FundsSyncKey, FundsSyncResult, FundsSyncScope } from '../contracts';
import { applyAllotments } from '../db/funds/apply-allotments';
import type { TreasuryAllotment } from '../db/funds/types';
import { amountToPaise } from '../jit/formats';
import type { VaRow } from '../jit/schemas';
import type { TreasuryGateway } from '../treasury';
import { wakeFundsWaiters } from './funds-waiters';
import { callTreasury, unexpectedWhilePolling } from './instructions/treasury-call';

const TXN_TYPE: Record<string, TreasuryAllotment['type']> = {
  'initial allotment': 'INITIAL',
  'additional allotment': 'ADDITIONAL',
  'allotment withdrawal': 'WITHDRAWAL',
};

/**
 * VA's `fromDate` has second resolution but the treasury dates allotments by day, and an allotment
 * recorded late in a day could be missed by a mark set "now" (legacy §4.3). Re-reading from a day
 * before the mark costs nothing: allotments are keyed by the treasury's identifiers.
 */
const REREAD_MS = 24 * 3600_000;

export function createFundsSyncActivities(deps: { db: Knex; treasury: TreasuryGateway; temporal: Client }) {
  const { db, treasury } = deps;
  return {
    /** Every active (tenant, SSU, head of account) in master data. */
    async listFundsSyncKeys(scope: FundsSyncScope = {}): Promise<FundsSyncKey[]> {
      const rows = (await db('spending_units as u')
        .modify((q) => {
          if (scope.tenantIds) void q.whereIn('u.tenant_id', scope.tenantIds);
        })
        .crossJoin('heads_of_account as h' as never)
        .where('u.active', true)
        .andWhere('h.active', true)
        .orderBy(['u.tenant_id', 'u.ssu_id', 'h.sequence'])
        .select(
          'u.tenant_id',
          'u.ssu_id',
          'u.ddo_code',
          'u.grantee_ag_code',
          'h.code as hoa_code',
          'h.scheme_code',
          db.raw(`to_char(greatest(u.effective_from, h.effective_from), 'YYYY-MM-DD') as effective_from`),
        )) as Array<Record<string, string>>;
      return rows.map((r) => ({
        tenantId: r.tenant_id!,
        ssuId: r.ssu_id!,
        ddoCode: r.ddo_code!,
        granteeAgCode: r.grantee_ag_code!,
        hoaCode: r.hoa_code!,
        schemeCode: r.scheme_code!,
        effectiveFrom: r.effective_from!,
      }));
    },

    /**
     * Fetches VA for one key from its high-water mark, applies it to the ledger (idempotently), and
     * advances the mark to when this fetch started; then tells the tenant's waiting payments if money arrived.
     */
    async syncAllotments(key: FundsSyncKey): Promise<FundsSyncResult> {
      const startedAt = Date.now();
      const mark = (await db('va_sync_marks')
        .where({ tenant_id: key.tenantId, ssu_id: key.ssuId, hoa_code: key.hoaCode })
        .first('synced_until')) as { synced_until: Date } | undefined;
      const fromMs = mark ? mark.synced_until.getTime() - REREAD_MS : Date.parse(`${key.effectiveFrom}T00:00:00+05:30`);
      const result = await callTreasury((signal) =>
        treasury.virtualAllotment(
          { hoa: key.hoaCode, ddoCode: key.ddoCode, granteeCode: key.granteeAgCode, fromDate: fromMs },
          { signal },
        ),
      );
      if (result.kind !== 'ok' && result.kind !== 'not_ready') throw unexpectedWhilePolling(result);
      const rows = result.kind === 'ok' ? result.rows.map((r) => toAllotment(key, r)) : [];
      const applied = await applyAllotments(db, key.tenantId, rows);
      await db('va_sync_marks')
        .insert({
          tenant_id: key.tenantId,
          ssu_id: key.ssuId,
          hoa_code: key.hoaCode,
          synced_until: new Date(startedAt),
        })
        .onConflict(['tenant_id', 'ssu_id', 'hoa_code'])
        .merge({ synced_until: new Date(startedAt), updated_at: db.fn.now() });
      const newMoneyPaise = applied.appliedRows
        .filter((r) => r.type !== 'WITHDRAWAL')
        .reduce((sum, r) => sum + r.amountPaise, 0);
      const waitersSignalled =
        newMoneyPaise > 0
          ? await wakeFundsWaiters(deps, {
              tenantId: key.tenantId,
              hoaCode: key.hoaCode,
              availablePaise: newMoneyPaise,
            })
          : 0;
      return {
        applied: applied.applied,
        duplicates: applied.duplicates,
        pending: applied.pending,
        newMoneyPaise,
        waitersSignalled,
      };
    },
  };
}

function toAllotment(key: FundsSyncKey, row: VaRow): TreasuryAllotment {
  const type = TXN_TYPE[row.allotmentTxnType.trim().toLowerCase()];
  if (!type) throw new Error(`unknown allotment transaction type "${row.allotmentTxnType}"`);
  return {
    masterAllotmentId: row.mstAllotmentDistId,
    ssuAllotmentId: row.ssuAllotmentId,
    allotmentTxnSlNo: row.allotmentTxnSlNo,
    type,
    amountPaise: amountToPaise(row.allotmentAmount),
    availableBalancePaise: amountToPaise(row.availableBalance ?? '0'),
    allotmentDate: row.allotmentDate,
    ddoCode: row.ddoCode ?? key.ddoCode,
    ssuId: row.ssuId ?? key.ssuId,
    hoaCode: key.hoaCode,
    schemeCode: row.schemeCode ?? key.schemeCode,
  };
}
