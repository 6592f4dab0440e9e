import { PI_STATUSES_PAID } from '../../../contracts';
import type { BenchPlatform } from '../../lib/platform';

export interface InvariantResult {
  id: number;
  name: string;
  pass: boolean;
  /** One line of numbers for the summary table. */
  summary: string;
  details: Record<string, unknown>;
}

export interface PlannedBill {
  billNumber: string;
  beneficiaryCount: number;
  totalPaise: number;
  /** The SSU rejects it (bill number matches the simulator's rejection pattern). */
  rejected: boolean;
  /** Carries a beneficiary the bank returns (account ending 999), so it needs a COR. */
  returned: boolean;
}

export interface InvariantContext {
  platform: BenchPlatform;
  bills: PlannedBill[];
  /** The platform's work directory (worker logs are read for audit-log write failures). */
  workDir: string;
}

export const TERMINAL = new Set(['PAID', 'FAILED', 'CANCELLED']);
/** PI statuses: paid by the treasury (perhaps returned since, in part or in full), or superseded after. */
export const PAID = new Set([...PI_STATUSES_PAID, 'COMPLETED']);
export const ADVISED = new Set(['IN_PROCESS', ...PAID]);
export const SANCTIONED = new Set(['APPROVED', ...ADVISED, 'REJECTED']);

export interface PiRow {
  pi_number: string;
  bill_number: string;
  kind: 'ORIGINAL' | 'REVISED';
  status: string;
  amount_paise: number;
  original_pi_number: string | null;
  stuck_stage: string | null;
}

export const countBy = <T>(items: T[], key: (item: T) => string): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
};

export const limit = <T>(items: T[], n = 20): T[] => items.slice(0, n);
