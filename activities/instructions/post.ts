import { log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { PI_STATUSES_AT_TREASURY, PI_STATUSES_TREASURY_MAY_PAY } from '../../contracts/payments';
import { isDuplicateInstruction } from '../../treasury';
import { createSender, describeAnswer, neverSent, type InstructionActivityDeps, type PostOutcome } from './send';

export type { PostOutcome } from './send';

/** The legacy rule: at most one live COR per original PI (a PREPARED one has not gone anywhere yet). */
const LIVE_CORRECTION = [...PI_STATUSES_TREASURY_MAY_PAY].filter((s) => s !== 'PREPARED');

export function createPostActivities(deps: InstructionActivityDeps) {
  const { instructions } = deps;
  const { send, accepted, refused, releaseFailed, unconfirmed } = createSender(deps);

  return {
    /**
     * Sends a PI (or, for a revision, a COR) at most once, recording the attempt first. Only a first
     * send that nothing before it can have reached may fail on the treasury's answer. Once a send may
     * have reached the treasury (an error after it left, a worker killed mid-call, our write of the
     * answer lost, or a refusal that reads like a duplicate) the instruction is UNCONFIRMED: funds stay
     * reserved and only the treasury's records of the number settle it (`confirmInstruction`).
     */
    async postInstruction(input: { piNumber: string }): Promise<PostOutcome> {
      const pi = await instructions.instruction(input.piNumber);
      if (PI_STATUSES_AT_TREASURY.has(pi.status)) return { status: 'INITIATED' };
      if (pi.status === 'UNCONFIRMED') return { status: 'UNCONFIRMED' };
      if (pi.status === 'FAILED') {
        // A retry after the failure was recorded but before the credit-back: release again (idempotent).
        const reason = pi.error ?? 'failed earlier';
        await releaseFailed(pi, reason);
        return { status: 'FAILED', reason };
      }
      if (pi.post_attempted_at) {
        log.info('an earlier send of this instruction may have reached the treasury', { piNumber: pi.pi_number });
        return unconfirmed(pi, 'an earlier send was interrupted before its answer was recorded');
      }
      if (pi.kind === 'REVISED') {
        const live = await instructions.otherRevisionIn(pi, LIVE_CORRECTION);
        if (live)
          return refused(
            pi,
            `correction ${live} of PI ${pi.original_pi_number} is still live at the treasury (at most one live COR per original PI)`,
          );
      }
      await instructions.markPosting(pi.pi_number);
      let result;
      try {
        result = await send(pi);
      } catch (err) {
        if (err instanceof ApplicationFailure && err.nonRetryable && neverSent(err))
          return refused(pi, `${err.type ?? 'refused'}: ${err.message}`);
        if (neverSent(err)) {
          // Nothing left us: the next attempt is a first send again.
          await instructions.unmarkPosting(pi.pi_number);
          throw err;
        }
        // A 4xx or a lost connection: the treasury may have committed it before answering.
        return unconfirmed(pi, err instanceof Error ? err.message : String(err));
      }
      if (result.kind === 'ok') return accepted(pi, 'accepted');
      // Our own first send meeting "already held" means something sent this number before: never a refusal.
      if (isDuplicateInstruction(result)) return unconfirmed(pi, describeAnswer(result));
      return refused(pi, describeAnswer(result));
    },
  };
}
