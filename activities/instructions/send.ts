import { ApplicationFailure } from '@temporalio/common';
import type { TreasuryResult } from '../../contracts/treasury';
import { TreasuryErrorType } from '../../contracts/treasury-errors';
import type { InstructionRepository } from '../../db/lifecycle/repository';
import type { InstructionRow } from '../../db/lifecycle/rows';
import type { TreasuryGateway } from '../../treasury';
import type { PollPacing } from './pacing';
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

/** What the PI activities work with: the treasury, and the lifecycle tables through their repository. */
export interface InstructionActivityDeps {
  treasury: TreasuryGateway;
  instructions: InstructionRepository;
  /** Calendar-aware pacing of stage polls whose policy has a plan; without it every poll runs once. */
  pacing?: PollPacing;
}

/** The PI (or, for a revision, COR) request built from our rows, sent once. Transport problems are thrown. */
export function createSender(deps: InstructionActivityDeps) {
  const { treasury, instructions } = deps;

  const send = async (pi: InstructionRow): Promise<TreasuryResult<unknown>> => {
    const beneficiaries = await instructions.beneficiaries(pi.pi_number);
    if (pi.kind === 'ORIGINAL')
      return callTreasury((signal) => treasury.postPaymentInstruction(piRequest(pi, beneficiaries), { signal }));
    const original = await instructions.instruction(pi.original_pi_number!);
    const refs = new Map<string, string>();
    for (const b of beneficiaries) {
      const cur = await instructions.instruction(b.cur_pi_number!);
      refs.set(cur.pi_number, cur.bill_ref_no ?? '');
    }
    return callTreasury((signal) =>
      treasury.postCorrection(
        corRequest(pi, original, beneficiaries, (n) => refs.get(n) ?? ''),
        { signal },
      ),
    );
  };

  /** The treasury holds it: INITIATED (a revision's workflow then tells the PI it re-pays that it is superseded). */
  const accepted = async (pi: InstructionRow, how: string): Promise<PostOutcome> => {
    await instructions.accept(pi, how);
    return { status: 'INITIATED' };
  };

  /** A refusal of a first send that nothing before it can have reached: FAILED, and funds credited back. */
  const refused = async (pi: InstructionRow, reason: string): Promise<PostOutcome> => {
    await instructions.transition(pi, 'FAILED', {
      beneficiaryStatus: 'FAILED',
      failureReason: reason,
      fields: { error: reason },
      detail: { reason },
    });
    await releaseFailed(pi, reason);
    return { status: 'FAILED', reason };
  };

  const releaseFailed = async (pi: InstructionRow, reason: string): Promise<void> => {
    if (pi.kind !== 'ORIGINAL') return;
    await instructions.releaseFunds({
      reservationKey: pi.pi_number,
      releaseKey: `${pi.pi_number}:post-failed`,
      reason,
    });
  };

  /** A send may have reached the treasury: UNCONFIRMED, funds kept, settled only by the treasury's records. */
  const unconfirmed = async (pi: InstructionRow, answer: string): Promise<PostOutcome> => {
    const evidence: ConfirmationEvidence = {
      attempts: 1,
      lookups: 0,
      answers: [{ at: new Date().toISOString(), answer }],
    };
    await instructions.transition(pi, 'UNCONFIRMED', {
      fields: { stuck_evidence: JSON.stringify(evidence) },
      detail: { answer },
    });
    return { status: 'UNCONFIRMED' };
  };

  return { send, accepted, refused, releaseFailed, unconfirmed };
}
