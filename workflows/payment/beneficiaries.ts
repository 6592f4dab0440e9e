import { beneficiaryNumber, type BillBeneficiary, type PayeeDetails } from '../../contracts';

/**
 * The treasury accepts only letters, digits and spaces in names and addresses (legacy §6); anything
 * else is dropped and runs of whitespace collapse. Odia or other non-Latin script would vanish
 * entirely, so an empty result falls back to a placeholder rather than an empty field it rejects.
 */
export function sanitiseForTreasury(text: string | undefined, fallback: string): string {
  const cleaned = (text ?? '')
    .replace(/[^a-zA-Z0-9\s]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned.length > 0 ? cleaned : fallback;
}

/**
 * Merges payees that share an account and IFSC (the treasury rejects duplicates, legacy §7.6):
 * amounts add up, line items are united, the first payee's name and type are kept. Numbers are
 * assigned in first-seen order, so the same bill always yields the same beneficiary numbers.
 */
export function mergeBeneficiaries(tenantId: string, billNumber: string, lines: BillBeneficiary[]): PayeeDetails[] {
  const byAccount = new Map<string, PayeeDetails>();
  for (const line of lines) {
    const ifsc = line.ifsc.trim().toUpperCase();
    const accountNumber = line.accountNumber.trim();
    const key = `${accountNumber}@${ifsc}`;
    const existing = byAccount.get(key);
    if (existing) {
      existing.amountPaise += line.amountPaise;
      existing.lineItemIds = [...new Set([...existing.lineItemIds, ...line.lineItemIds])];
      continue;
    }
    byAccount.set(key, {
      beneficiaryNumber: beneficiaryNumber(tenantId, billNumber, byAccount.size),
      name: sanitiseForTreasury(line.name, 'Beneficiary'),
      accountNumber,
      ifsc,
      amountPaise: line.amountPaise,
      type: line.type,
      mobile: (line.mobile ?? '').replace(/\D/g, '').slice(-10),
      address: sanitiseForTreasury(line.address, 'Not provided'),
      lineItemIds: [...new Set(line.lineItemIds)],
    });
  }
  return [...byAccount.values()];
}

export const totalPaise = (beneficiaries: Pick<PayeeDetails, 'amountPaise'>[]): number =>
  beneficiaries.reduce((sum, b) => sum + b.amountPaise, 0);
