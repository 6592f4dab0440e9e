import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { UpdateRefusalCode, type PaymentState } from '../../contracts';
import { initialState } from './state';
import { validateCancel, validateCorrections } from './validation';
import { payee } from './testing/payees';

/** A payment whose first beneficiary was returned by the bank and whose second was paid. */
const partlyReturned = (): PaymentState => {
  const state = initialState({ tenantId: 't', billNumber: 'B' }, [payee(1), payee(2)]);
  state.beneficiaries[0]!.status = 'FAILED';
  state.beneficiaries[1]!.status = 'SUCCESS';
  return state;
};

/** What the validator threw, as the failure the API receives: its type and its structured detail. */
function refusalOf(validate: () => void) {
  try {
    validate();
  } catch (err) {
    expect(err).toBeInstanceOf(ApplicationFailure);
    const failure = err as ApplicationFailure;
    return { type: failure.type, nonRetryable: failure.nonRetryable, detail: failure.details?.[0] };
  }
  throw new Error('the validator accepted the request');
}

describe('update validators refuse with typed failures', () => {
  it('lists each bad correction entry with its beneficiary number and field', () => {
    const corrections = [
      { beneficiaryNumber: 'BN/t/B/2', accountNumber: '12', ifsc: 'SBIN0000041' },
      { beneficiaryNumber: 'BN/t/B/1', accountNumber: '100000000099', ifsc: 'sbin01' },
    ];
    const refusal = refusalOf(() =>
      validateCorrections(partlyReturned(), { tenantId: 't', corrections, requestedBy: 'clerk' }),
    );
    expect(refusal).toEqual({
      type: UpdateRefusalCode.InvalidCorrections,
      nonRetryable: true,
      detail: {
        code: UpdateRefusalCode.InvalidCorrections,
        message: expect.stringMatching(/^invalid corrections: BN\/t\/B\/2: has not failed/) as unknown,
        fields: [
          { beneficiaryNumber: 'BN/t/B/2', field: 'beneficiaryNumber', message: 'has not failed (status SUCCESS)' },
          { beneficiaryNumber: 'BN/t/B/2', field: 'accountNumber', message: 'account number must be 9 to 18 digits' },
          { beneficiaryNumber: 'BN/t/B/1', field: 'ifsc', message: 'IFSC must match ^[A-Z]{4}0[A-Z0-9]{6}$' },
        ],
      },
    });
  });

  it('names another tenant, a closed payment and an empty request by code', () => {
    const state = partlyReturned();
    const one = [{ beneficiaryNumber: 'BN/t/B/1', accountNumber: '100000000099', ifsc: 'SBIN0000041' }];
    expect(
      refusalOf(() => validateCorrections(state, { tenantId: 'u', corrections: one, requestedBy: 'c' })).type,
    ).toBe(UpdateRefusalCode.OtherTenant);
    expect(refusalOf(() => validateCorrections(state, { tenantId: 't', corrections: [], requestedBy: 'c' })).type).toBe(
      UpdateRefusalCode.IncompleteRequest,
    );
    state.status = 'CANCELLED';
    expect(
      refusalOf(() => validateCorrections(state, { tenantId: 't', corrections: one, requestedBy: 'c' })).type,
    ).toBe(UpdateRefusalCode.PaymentClosed);
    expect(refusalOf(() => validateCancel(state, { reason: 'again', requestedBy: 'ops' })).type).toBe(
      UpdateRefusalCode.PaymentClosed,
    );
    expect(refusalOf(() => validateCancel(partlyReturned(), { reason: ' ', requestedBy: 'ops' })).type).toBe(
      UpdateRefusalCode.IncompleteRequest,
    );
  });
});
