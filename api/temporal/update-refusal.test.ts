import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { correctionRefusal } from './update-refusal';

const refused = (message: string) =>
  new WorkflowUpdateFailedError('update failed', ApplicationFailure.create({ message }));

describe('correction refusals', () => {
  it('turns the validator message into per-field details pointing at request entries', () => {
    const err = correctionRefusal(
      refused(
        'invalid corrections: BN/B1/2: has not failed (status SUCCESS); BN/B1/3: IFSC must match ^x$; BN/B1/3: account number must be 9 to 18 digits',
      ),
      ['BN/B1/3', 'BN/B1/2'],
    );
    expect(err).toMatchObject({ status: 422, code: 'CORRECTION_INVALID' });
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
      ],
    });
  });

  it('maps a cancelled or closed payment to 409 and leaves other errors alone', () => {
    expect(correctionRefusal(refused('payment is cancelled'), [])).toMatchObject({ status: 409 });
    expect(correctionRefusal(new WorkflowNotFoundError('gone', 'w', undefined), [])).toMatchObject({
      status: 409,
      code: 'PAYMENT_CLOSED',
    });
    expect(correctionRefusal(new Error('boom'), [])).toBeUndefined();
  });
});
