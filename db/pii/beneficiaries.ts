import type { FieldCipher } from '../../security/field-cipher';

/**
 * The personal columns of `pi_beneficiaries`, encrypted at rest (`security/field-cipher.ts`). Each
 * value is bound to its row and column, so a ciphertext copied into another beneficiary's row does
 * not open. `account_index` is the blind index of account + IFSC, for equality lookups.
 */
export const BENEFICIARY_PII_COLUMNS = [
  'name',
  'account_number',
  'ifsc',
  'mobile',
  'address',
  'org_account_number',
  'org_ifsc',
  'cur_account_number',
  'cur_ifsc',
] as const;
type PiiColumn = (typeof BENEFICIARY_PII_COLUMNS)[number];
type BeneficiaryKey = { pi_number: string; beneficiary_number: string };
type WithPii = BeneficiaryKey & Partial<Record<PiiColumn, string | null>>;

const cellAad = (column: PiiColumn, row: BeneficiaryKey) =>
  `pi_beneficiaries.${column}:${row.pi_number}:${row.beneficiary_number}`;

export function sealBeneficiary<T extends WithPii>(pii: FieldCipher, row: T): T & { account_index?: string } {
  const sealed: Record<string, unknown> = { ...row };
  for (const column of BENEFICIARY_PII_COLUMNS) {
    const value = row[column];
    if (typeof value === 'string') sealed[column] = pii.seal(value, cellAad(column, row));
  }
  if (row.account_number && row.ifsc) sealed.account_index = pii.blindIndex(row.account_number, row.ifsc);
  return sealed as T & { account_index?: string };
}

export function openBeneficiary<T extends WithPii>(pii: FieldCipher, row: T): T {
  const opened: Record<string, unknown> = { ...row };
  for (const column of BENEFICIARY_PII_COLUMNS) {
    const value = row[column];
    if (typeof value === 'string') opened[column] = pii.open(value, cellAad(column, row));
  }
  return opened as T;
}
