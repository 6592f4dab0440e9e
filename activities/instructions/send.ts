import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from 'knex';
import type { TreasuryResult } from '../../contracts/treasury';
import { TreasuryErrorType } from '../../contracts/treasury-errors';
import { releaseFunds } from '../../db/funds/reservations';
import type { FieldCipher } from '../../security/field-cipher';
import type { TreasuryGateway } from '../../treasury';
import { loadBeneficiaries, loadInstruction, type InstructionRow } from './records';
import { transitionInstruction } from './transitions';
import { callTreasury } from './treasury-call';
import { corRequest, piRequest } from './wire';

export type PostOutcome = { status: 'INITIATED' } | { status: 'UNCONFIRMED' } | { status: 'FAILED'; reason: string };

/** What an UNCONFIRMED instruction's inbox item shows a person: sends, their answers, the last lookup. */
export interface ConfirmationEvidence {
  attempts: number;
  lookups: number;
  /** The latest answers to sends, newest last (at most five). */
  answers: Array<{ at: string; answer: string }>;
  lastLookup?: { at: string; service: string; answer: string };
}

/** Errors after which the request certainly never left us: no instruction can have reached the treasury. */
const NOT_SENT: ReadonlySet<string> = new Set([
  TreasuryErrorType.BreakerOpen,
  TreasuryErrorType.RequestInvalid,
  // A 401 on the service call: the treasury could not even decrypt it.
  TreasuryErrorType.SessionInvalid,
]);

export function neverSent(err: unknown): boolean {
  return err instanceof ApplicationFailure && NOT_SENT.has(err.type ?? '');
}

export { describeTreasuryAnswer as describeAnswer } from '../../treasury';

/** The PI (or, for a revision, COR) request built from our rows, sent once. Transport problems are thrown. */
export function createSender(deps: { db: Knex; treasury: TreasuryGateway; pii: FieldCipher }) {
  const { db, treasury } = deps;

  const send = async (pi: InstructionRow): Promise<TreasuryResult<unknown>> => {
    const beneficiaries = await loadBeneficiaries(db, pi.pi_number, deps.pii);
    if (pi.kind === 'ORIGINAL')
      return callTreasury((signal) => treasury.postPaymentInstruction(piRequest(pi, beneficiaries), { signal }));
    const original = await loadInstruction(db, pi.original_pi_number!);
    const refs = new Map<string, string>();
    for (const b of beneficiaries) {
      const cur = await loadInstruction(db, b.cur_pi_number!);
      refs.set(cur.pi_number, cur.bill_ref_no ?? '');
    }
    return callTreasury((signal) =>
      treasury.postCorrection(
        corRequest(pi, original, beneficiaries, (n) => refs.get(n) ?? ''),
        { signal },
      ),
    );
  };

  /** The treasury holds it: INITIATED, and for a revision the PIs it re-pays are superseded. */
  const accepted = async (pi: InstructionRow, how: string): Promise<PostOutcome> => {
    await db.transaction(async (trx) => {
      await transitionInstruction(trx, pi, 'INITIATED', {
        beneficiaryStatus: 'INITIATED',
        fields: { stuck_stage: null, stuck_since: null, stuck_reason: null },
        detail: { how },
      });
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

  /** A refusal of a first send that nothing before it can have reached: FAILED, and funds credited back. */
  const refused = async (pi: InstructionRow, reason: string): Promise<PostOutcome> => {
    await db.transaction(async (trx) => {
      await transitionInstruction(trx, pi, 'FAILED', {
        beneficiaryStatus: 'FAILED',
        failureReason: reason,
        fields: { error: reason },
        detail: { reason },
      });
    });
    await releaseFailed(pi, reason);
    return { status: 'FAILED', reason };
  };

  const releaseFailed = async (pi: InstructionRow, reason: string): Promise<void> => {
    if (pi.kind !== 'ORIGINAL') return;
    await releaseFunds(db, { reservationKey: pi.pi_number, releaseKey: `${pi.pi_number}:post-failed`, reason });
  };

  /** A send may have reached the treasury: UNCONFIRMED, funds kept, settled only by the treasury's records. */
  const unconfirmed = async (pi: InstructionRow, answer: string): Promise<PostOutcome> => {
    const evidence: ConfirmationEvidence = {
      attempts: 1,
      lookups: 0,
      answers: [{ at: new Date().toISOString(), answer }],
    };
    await db.transaction(async (trx) => {
      await transitionInstruction(trx, pi, 'UNCONFIRMED', {
        fields: { stuck_evidence: JSON.stringify(evidence) },
        detail: { answer },
      });
    });
    return { status: 'UNCONFIRMED' };
  };

  return { send, accepted, refused, releaseFailed, unconfirmed };
}
