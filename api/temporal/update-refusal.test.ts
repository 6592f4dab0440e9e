import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { refuseUpdate, UpdateRefusalCode, type UpdateRefusal } from '../../contracts';
import { correctionRefusal } from './update-refusal';

const refused = (refusal: UpdateRefusal) => new WorkflowUpdateFailedError('update failed', refuseUpdate(refusal));

describe('correction refusals', () => {
  it('turns the refusal fields into per-field details pointing at request entries', () => {
    const err = correctionRefusal(
      refused({
        code: UpdateRefusalCode.InvalidCorrections,
        message: 'invalid corrections: (for people)',
        fields: [
          { beneficiaryNumber: 'BN/B1/2', field: 'beneficiaryNumber', message: 'has not failed (status SUCCESS)' },
          { beneficiaryNumber: 'BN/B1/3', field: 'ifsc', message: 'IFSC must match ^x$' },
          { beneficiaryNumber: 'BN/B1/3', field: 'accountNumber', message: 'account number must be 9 to 18 digits' },
          { beneficiaryNumber: 'BN/B1/9', field: 'beneficiaryNumber', message: 'not a beneficiary of this payment' },
        ],
      }),
      ['BN/B1/3', 'BN/B1/2'],
    );
    expect(err).toMatchObject({
      status: 422,
      code: 'CORRECTION_INVALID',
      message: 'the payment refused these corrections',
    });
    expect(err!.details).toEqual({
      fields: [
        {
          path: 'corrections.1.beneficiaryNumber',
          beneficiaryNumber: 'BN/B1/2',
          message: 'has not failed (status SUCCESS)',
        },
        { path: 'corrections.0.ifsc', beneficiaryNumber: 'BN/B1/3', message: 'IFSC must match ^x$' },
        {
          path: 'corrections.0.accountNumber',
          beneficiaryNumber: 'BN/B1/3',
          message: 'account number must be 9 to 18 digits',
        },
        { path: 'corrections', beneficiaryNumber: 'BN/B1/9', message: 'not a beneficiary of this payment' },
      ],
    });
  });

  it('maps by code, not by the words of the message', () => {
    // The message says "cancelled", the code says the request was incomplete: the code decides.
    const incomplete = refused({ code: UpdateRefusalCode.IncompleteRequest, message: 'cancelled? no: nothing given' });
    expect(correctionRefusal(incomplete, [])).toMatchObject({ status: 422, code: 'CORRECTION_INVALID' });
    const closed = refused({ code: UpdateRefusalCode.PaymentClosed, message: 'payment is cancelled' });
    expect(correctionRefusal(closed, [])).toMatchObject({
      status: 409,
      code: 'CORRECTION_REFUSED',
      message: 'payment is cancelled',
    });
    const tenant = refused({ code: UpdateRefusalCode.OtherTenant, message: 'correction is for another tenant' });
    expect(correctionRefusal(tenant, [])).toMatchObject({ status: 409, code: 'CORRECTION_REFUSED' });
    // A failure that is no typed refusal (the handler's own) stays a 422 with its message.
    const untyped = new WorkflowUpdateFailedError('update failed', ApplicationFailure.create({ message: 'boom' }));
    expect(correctionRefusal(untyped, [])).toMatchObject({ status: 422, code: 'CORRECTION_INVALID', message: 'boom' });
  });

  it('maps a closed payment to 409 and leaves other errors alone', () => {
    expect(correctionRefusal(new WorkflowNotFoundError('gone', 'w', undefined), [])).toMatchObject({
      status: 409,
      code: 'PAYMENT_CLOSED',
    });
    expect(correctionRefusal(new Error('boom'), [])).toBeUndefined();
  });
});
