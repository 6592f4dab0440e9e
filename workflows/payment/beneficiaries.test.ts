import { describe, expect, it } from 'vitest';
import type { BillBeneficiary } from '../../contracts';
import { mergeBeneficiaries, sanitiseForTreasury, totalPaise } from './beneficiaries';

const line = (over: Partial<BillBeneficiary>): BillBeneficiary => ({
  name: 'Asha Devi',
  accountNumber: '100000000001',
  ifsc: 'SBIN0000041',
  amountPaise: 100_00,
  type: 'IND',
  lineItemIds: ['L1'],
  ...over,
});

describe('beneficiaries', () => {
  it('merges payees with the same account and IFSC, summing amounts and uniting line items', () => {
    const merged = mergeBeneficiaries('od.angul', 'B-1', [
      line({ lineItemIds: ['L1'] }),
      line({ ifsc: 'sbin0000041 ', amountPaise: 50_00, lineItemIds: ['L2', 'L1'] }),
      line({ accountNumber: '100000000002', amountPaise: 25_00, lineItemIds: ['L3'] }),
    ]);
    expect(merged).toHaveLength(2);
    expect(merged[0]).toMatchObject({
      beneficiaryNumber: 'BN/od.angul/B-1/1',
      amountPaise: 150_00,
      lineItemIds: ['L1', 'L2'],
    });
    expect(merged[1]).toMatchObject({ beneficiaryNumber: 'BN/od.angul/B-1/2', amountPaise: 25_00 });
    expect(totalPaise(merged)).toBe(175_00);
  });

  it('numbers beneficiaries uniquely across tenants, as PI numbers are', () => {
    const lines = [line({})];
    expect(mergeBeneficiaries('od.angul', 'B-3', lines)[0]!.beneficiaryNumber).not.toBe(
      mergeBeneficiaries('od.cuttack', 'B-3', lines)[0]!.beneficiaryNumber,
    );
  });

  it('numbers beneficiaries the same way every time', () => {
    const lines = [line({}), line({ accountNumber: '100000000009' })];
    expect(mergeBeneficiaries('od.angul', 'B-2', lines)).toEqual(mergeBeneficiaries('od.angul', 'B-2', lines));
  });

  it('sanitises names and addresses the way the treasury accepts them', () => {
    expect(sanitiseForTreasury("  Smt. Asha  D'Souza-Devi  ", 'x')).toBe('Smt Asha DSouzaDevi');
    expect(sanitiseForTreasury('ଆଶା ଦେବୀ', 'Beneficiary')).toBe('Beneficiary');
    expect(sanitiseForTreasury(undefined, 'Not provided')).toBe('Not provided');
  });
});
