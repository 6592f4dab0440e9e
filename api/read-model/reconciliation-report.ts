import type { Knex } from 'knex';

export interface ReconciliationReportRow {
  piNumber: string;
  billNumber: string;
  kind: string;
  ourStatus: string;
  treasuryStatus: string;
  ourAmountPaise: number | null;
  treasuryAmountPaise: number | null;
  firstSeenAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
}

const IST_OFFSET_MS = (5 * 60 + 30) * 60_000;

/**
 * The auditors' daily report for one tenant: every difference seen on that IST day (open or since
 * resolved), as JSON and as CSV. Amounts stay integer paise.
 */
export async function reconciliationReport(db: Knex, tenantId: string, istDate: string) {
  const dayStart = new Date(Date.parse(`${istDate}T00:00:00Z`) - IST_OFFSET_MS);
  const dayEnd = new Date(dayStart.getTime() + 86_400_000);
  const rows = (await db('reconciliation_differences')
    .where({ tenant_id: tenantId })
    .andWhere('last_seen_at', '>=', dayStart)
    .andWhere('first_seen_at', '<', dayEnd)
    .orderBy(['pi_number', 'kind'])) as Array<{
    pi_number: string;
    bill_number: string;
    kind: string;
    our_status: string;
    treasury_status: string;
    our_amount_paise: string | null;
    treasury_amount_paise: string | null;
    first_seen_at: Date;
    last_seen_at: Date;
    resolved_at: Date | null;
  }>;
  const differences: ReconciliationReportRow[] = rows.map((r) => ({
    piNumber: r.pi_number,
    billNumber: r.bill_number,
    kind: r.kind,
    ourStatus: r.our_status,
    treasuryStatus: r.treasury_status,
    ourAmountPaise: r.our_amount_paise === null ? null : Number(r.our_amount_paise),
    treasuryAmountPaise: r.treasury_amount_paise === null ? null : Number(r.treasury_amount_paise),
    firstSeenAt: r.first_seen_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
    resolvedAt: r.resolved_at?.toISOString() ?? null,
  }));
  const json = { tenantId, date: istDate, generatedAt: new Date().toISOString(), differences };
  const columns = Object.keys(differences[0] ?? emptyRow()) as Array<keyof ReconciliationReportRow>;
  const csv = [columns.join(','), ...differences.map((d) => columns.map((c) => csvCell(d[c])).join(','))].join('\n');
  return { json, csv: `${csv}\n` };
}

function emptyRow(): ReconciliationReportRow {
  return {
    piNumber: '',
    billNumber: '',
    kind: '',
    ourStatus: '',
    treasuryStatus: '',
    ourAmountPaise: null,
    treasuryAmountPaise: null,
    firstSeenAt: '',
    lastSeenAt: '',
    resolvedAt: null,
  };
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  // Quote what needs it, and defuse spreadsheet formulas.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
