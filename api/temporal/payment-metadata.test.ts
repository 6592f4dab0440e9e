import { describe, expect, it } from 'vitest';
import type { PaymentInput } from '../../contracts';
import { paymentUserMetadata, rupees } from './payment-metadata';

describe('payment panels', () => {
  it('writes rupees with Indian digit grouping, from integer paise', () => {
    expect(rupees(0)).toBe('₹0.00');
    expect(rupees(5)).toBe('₹0.05');
    expect(rupees(1_234_567)).toBe('₹12,345.67');
    expect(rupees(10_000_000_00)).toBe('₹1,00,00,000.00');
    expect(rupees(-250_50)).toBe('-₹250.50');
  });

  it('says where the money comes from when no head of account is named, with links relative to the API', () => {
    const input = {
      tenantId: 'od.angul',
      billNumber: 'B/1',
      beneficiaries: [{ amountPaise: 100 }],
      submittedAt: '2026-12-02T06:00:00.000Z',
      submittedBy: 'asha',
    } as PaymentInput;
    const { staticSummary, staticDetails } = paymentUserMetadata(input);
    expect(staticSummary).toBe('Bill B/1 · od.angul · ₹1.00 to 1 beneficiary');
    expect(staticDetails).toContain('from the master-data sequence');
    expect(staticDetails).toContain('[payment](/api/v1/payments/B%2F1)');
  });
});
