import { log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from 'knex';
import { PI_STATUSES_AT_TREASURY } from '../../contracts/payments';
import type { TreasuryResult } from '../../contracts/treasury';
import { releaseFunds } from '../../db/funds/reservations';
import { isDuplicateInstruction, type TreasuryGateway } from '../../treasury';
import type { FieldCipher } from '../../security/field-cipher';
import { loadBeneficiaries, loadInstruction, type InstructionRow } from './records';
import { transitionInstruction } from './transitions';
import { callTreasury } from './treasury-call';
import { corRequest, piRequest } from './wire';

/**
 * A request the treasury will refuse however often it is sent (our own request failed the wire
 * schema, or a 4xx that is not a session error) fails this PI with the reason, instead of failing
 * the workflow and leaving its funds reserved. Anything retryable is rethrown for Temporal to retry.
 */
async function sendOrRefuse<T>(send: () => Promise<T>): Promise<T | { refusal: string }> {
  try {
    return await send();
  } catch (err) {
    if (err instanceof ApplicationFailure && err.nonRetryable)
      return { refusal: `${err.type ?? 'refused'}: ${err.message}` };
    throw err;
  }
}

export type PostOutcome = { status: 'INITIATED' } | { status: 'FAILED'; reason: string };

export function createPostActivities(deps: { db: Knex; treasury: TreasuryGateway; pii: FieldCipher }) {
  const { db, treasury } = deps;

  const accepted = async (pi: InstructionRow, how: string): Promise<PostOutcome> => {
    await db.transaction(async (trx) => {
      await transitionInstruction(trx, pi, 'INITIATED', { beneficiaryStatus: 'INITIATED', detail: { how } });
      if (pi.kind === 'REVISED') {
        // The PIs whose failures this revision re-pays are superseded now (legacy: COMPLETED).
        const superseded = (await trx('pi_beneficiaries')
          .where({ pi_number: pi.pi_number })
          .distinct('cur_pi_number')) as Array<{ cur_pi_number: string }>;
        for (const { cur_pi_number } of superseded) {
          const previous = await loadInstruction(trx, cur_pi_number);
          if (previous.status === 'PARTIAL' || previous.status === 'SUCCESSFUL') {
            await transitionInstruction(trx, previous, 'COMPLETED', { detail: { supersededBy: pi.pi_number } });
          }
        }
      }
    });
    return { status: 'INITIATED' };
  };

  const refused = async (pi: InstructionRow, result: TreasuryResult<unknown>): Promise<PostOutcome> => {
    const reason =
      result.kind === 'validation'
        ? result.errors.map((e) => `${e.code}: ${e.message}`).join('; ')
        : result.kind === 'business_error' || result.kind === 'rejected'
          ? result.message
          : `unexpected treasury answer: ${result.kind}`;
    await db.transaction(async (trx) => {
      await transitionInstruction(trx, pi, 'FAILED', {
        beneficiaryStatus: 'FAILED',
        failureReason: reason,
        fields: { error: reason },
        detail: { reason },
      });
    });
    if (pi.kind === 'ORIGINAL') {
      await releaseFunds(db, { reservationKey: pi.pi_number, releaseKey: `${pi.pi_number}:post-failed`, reason });
    }
    return { status: 'FAILED', reason };
  };

  return {
    /**
     * Posts a PI (or, for a revision, a COR) at most once. The attempt is recorded before sending;
     * if a previous attempt may have reached the treasury (worker killed, timeout after send), the
     * treasury is asked first (PIS), and a "duplicate instruction" answer also counts as ours.
     */
    async postInstruction(input: { piNumber: string }): Promise<PostOutcome> {
      const pi = await loadInstruction(db, input.piNumber);
      if (PI_STATUSES_AT_TREASURY.has(pi.status)) return { status: 'INITIATED' };
      if (pi.status === 'FAILED') {
        // A retry after the failure was recorded but before the credit-back: release again (idempotent).
        const reason = pi.error ?? 'failed earlier';
        if (pi.kind === 'ORIGINAL') {
          await releaseFunds(db, { reservationKey: pi.pi_number, releaseKey: `${pi.pi_number}:post-failed`, reason });
        }
        return { status: 'FAILED', reason };
      }
      if (pi.post_attempted_at && pi.kind === 'ORIGINAL') {
        const status = await callTreasury((signal) =>
          treasury.instructionStatus(
            { jitBillNo: pi.pi_number, jitBillDate: pi.jit_bill_date.toISOString(), ssuIaId: pi.ssu_id ?? '' },
            { signal },
          ),
        );
        if (status.kind === 'ok' || status.kind === 'rejected') {
          log.info('an earlier post of this PI reached the treasury', { piNumber: pi.pi_number });
          return accepted(pi, 'found by PIS after an ambiguous attempt');
        }
      }
      await db('payment_instructions')
        .where({ pi_number: pi.pi_number })
        .update({ status: 'POSTING', post_attempted_at: db.fn.now(), updated_at: db.fn.now() });
      const beneficiaries = await loadBeneficiaries(db, pi.pi_number, deps.pii);
      const result = await sendOrRefuse<TreasuryResult<unknown>>(() =>
        pi.kind === 'ORIGINAL'
          ? callTreasury((signal) => treasury.postPaymentInstruction(piRequest(pi, beneficiaries), { signal }))
          : callTreasury(async (signal) => {
              const original = await loadInstruction(db, pi.original_pi_number!);
              const refs = new Map<string, string>();
              for (const b of beneficiaries) {
                const cur = await loadInstruction(db, b.cur_pi_number!);
                refs.set(cur.pi_number, cur.bill_ref_no ?? '');
              }
              return treasury.postCorrection(
                corRequest(pi, original, beneficiaries, (n) => refs.get(n) ?? ''),
                { signal },
              );
            }),
      );
      if ('refusal' in result) return refused(pi, { kind: 'business_error', message: result.refusal });
      if (result.kind === 'ok') return accepted(pi, 'accepted');
      if (isDuplicateInstruction(result)) return accepted(pi, 'treasury already held this number');
      return refused(pi, result);
    },
  };
}
