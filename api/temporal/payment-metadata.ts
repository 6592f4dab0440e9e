import type { Knex } from 'knex';
import type { PaymentInput } from '../../contracts';
import { paymentLinks } from '../read-model/links';

/** What the workflow's own panels link to and name, beyond its input. */
export interface PaymentDescriptionContext {
  /** Where people reach the API (API_PUBLIC_URL); links stay relative without it. */
  apiBaseUrl?: string;
  /** Names of the requested heads of account, by code (from master data). */
  headOfAccountNames?: Record<string, string>;
}

/** ₹ with Indian digit grouping, by string arithmetic: 1234567 paise → "₹12,345.67". */
export function rupees(paise: number): string {
  const digits = String(Math.trunc(Math.abs(paise))).padStart(3, '0');
  const whole = digits.slice(0, -2);
  const grouped =
    whole.length > 3 ? `${whole.slice(0, -3).replace(/\B(?=(\d{2})+$)/g, ',')},${whole.slice(-3)}` : whole;
  return `${paise < 0 ? '-' : ''}₹${grouped}.${digits.slice(-2)}`;
}

/**
 * The Web UI's Summary and Details panels of a payment (the SDK's user metadata, set at start): a
 * one-line summary (bill, tenant, amount, how many beneficiaries — never their names or accounts)
 * and Markdown details with the heads of account and links to the payment's API resources.
 */
export function paymentUserMetadata(
  input: PaymentInput,
  context: PaymentDescriptionContext = {},
): { staticSummary: string; staticDetails: string } {
  const total = input.beneficiaries.reduce((sum, b) => sum + b.amountPaise, 0);
  const count = input.beneficiaries.length;
  const payees = `${count} beneficiar${count === 1 ? 'y' : 'ies'}`;
  const codes = input.headOfAccountCodes ?? [];
  const heads =
    codes.length === 0
      ? '- from the master-data sequence (the first head of account with funds)'
      : codes
          .map(
            (code) =>
              `- \`${code}\`${context.headOfAccountNames?.[code] ? ` ${context.headOfAccountNames[code]}` : ''}`,
          )
          .join('\n');
  const base = context.apiBaseUrl?.replace(/\/+$/, '') ?? '';
  const links = paymentLinks(input.billNumber);
  return {
    staticSummary: `Bill ${input.billNumber} · ${input.tenantId} · ${rupees(total)} to ${payees}`,
    staticDetails: [
      `**Bill** ${input.billNumber} · tenant \`${input.tenantId}\` · submitted by ${input.submittedBy} at ${input.submittedAt}`,
      '',
      `**Amount** ${rupees(total)} (${total} paise) to ${payees}`,
      '',
      '**Head of account**',
      '',
      heads,
      '',
      `**API** [payment](${base}${links.self}) · [instructions](${base}${links.instructions}) · [audit](${base}${links.audit})`,
    ].join('\n'),
  };
}

/** Names of these heads of account from master data (codes it does not know are left out). */
export async function headOfAccountNames(db: Knex, codes: readonly string[]): Promise<Record<string, string>> {
  if (codes.length === 0) return {};
  const rows = (await db('heads_of_account').whereIn('code', codes).select('code', 'name')) as Array<{
    code: string;
    name: string;
  }>;
  return Object.fromEntries(rows.map((r) => [r.code, r.name]));
}
