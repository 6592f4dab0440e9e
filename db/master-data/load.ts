import type { Knex } from 'knex';
import type { MasterData } from './schema';

/** Upserts master data: rows are keyed by their natural ids, so loading a seed twice changes nothing. */
export async function loadMasterData(db: Knex | Knex.Transaction, data: MasterData): Promise<void> {
  await db('tenants')
    .insert(data.tenants.map((t) => ({ tenant_id: t.tenantId, name: t.name })))
    .onConflict('tenant_id')
    .merge();
  await db('heads_of_account')
    .insert(
      data.headsOfAccount.map((h) => ({
        code: h.code,
        name: h.name,
        sequence: h.sequence,
        scheme_code: h.schemeCode,
        scheme_name: h.schemeName,
        effective_from: h.effectiveFrom,
        effective_to: h.effectiveTo ?? null,
        active: h.active,
      })),
    )
    .onConflict('code')
    .merge();
  if (data.spendingUnits.length === 0) return;
  await db('spending_units')
    .insert(
      data.spendingUnits.map((s) => ({
        tenant_id: s.tenantId,
        ssu_id: s.ssuId,
        ddo_code: s.ddoCode,
        grantee_ag_code: s.granteeAgCode,
        grantee_name: s.granteeName,
        office: s.office,
        effective_from: s.effectiveFrom,
        effective_to: s.effectiveTo ?? null,
        active: s.active,
      })),
    )
    .onConflict(['tenant_id', 'ssu_id'])
    .merge();
}
