import type { FieldCipher } from '../../security/field-cipher';

/**
 * The personal columns of `payment_beneficiaries` (the payees as last corrected), encrypted at rest
 * like `pi_beneficiaries` (db/pii/beneficiaries.ts): each value bound to its payment, payee and
 * column, so a ciphertext copied into another row does not open.
 */
const PAYEE_PII_COLUMNS = ['name', 'account_number', 'ifsc', 'mobile', 'address'] as const;
type PayeeColumn = (typeof PAYEE_PII_COLUMNS)[number];
type PayeeKey = { payment_workflow_id: string; beneficiary_number: string };
type WithPii = PayeeKey & Partial<Record<PayeeColumn, string | null>>;

const cellAad = (column: PayeeColumn, row: PayeeKey) =>
  `payment_beneficiaries.${column}:${row.payment_workflow_id}:${row.beneficiary_number}`;

function mapPii<T extends WithPii>(row: T, f: (value: string, aad: string) => string): T {
  const mapped: Record<string, unknown> = { ...row };
  for (const column of PAYEE_PII_COLUMNS) {
    const value = row[column];
    if (typeof value === 'string') mapped[column] = f(value, cellAad(column, row));
  }
  return mapped as T;
}

export const sealPayee = <T extends WithPii>(pii: FieldCipher, row: T): T =>
  mapPii(row, (value, aad) => pii.seal(value, aad));

export const openPayee = <T extends WithPii>(pii: FieldCipher, row: T): T =>
  mapPii(row, (value, aad) => pii.open(value, aad));
