import { log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { LifecycleErrorType } from '../../contracts';
import { PI_STATUSES_AT_TREASURY } from '../../contracts/payments';
import { ftfpsQuery, ftpsQuery, pisQuery } from './lookups';
import type { InstructionRow } from '../../db/lifecycle/rows';
import {
  createSender,
  describeAnswer,
  type ConfirmationEvidence,
  type InstructionActivityDeps,
  type PostOutcome,
} from './send';
import { callTreasury, notReady } from './treasury-call';

type Lookup = { held: true; service: string } | { held: false; service: string; answer: string; answered: boolean };

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Settles an UNCONFIRMED instruction from the treasury's own records of its number, never from the
 * wording of an answer to a re-send: PIS (PI) or FTPS/FTFPS (COR) showing it → INITIATED (an SSU
 * rejection is then followed by the normal rejection path); not shown → the SAME number is sent again,
 * which is safe because the treasury refuses a number twice, and whatever that answer says (other than
 * acceptance) the instruction stays UNCONFIRMED and is looked up again. Only an operator releases it.
 */
export function createConfirmActivities(deps: InstructionActivityDeps) {
  const { treasury, instructions } = deps;
  const { send, accepted, releaseFailed } = createSender(deps);

  const lookUp = async (pi: InstructionRow): Promise<Lookup> => {
    const ask = async (service: string, call: (signal: AbortSignal) => Promise<{ kind: string }>) => {
      try {
        const result = await callTreasury(call);
        const held = result.kind === 'ok' || result.kind === 'rejected';
        return held
          ? ({ held: true, service } as const)
          : ({ held: false, service, answer: describeAnswer(result as never), answered: true } as const);
      } catch (err) {
        return { held: false, service, answer: errorText(err), answered: false } as const;
      }
    };
    if (pi.kind === 'ORIGINAL') return ask('PIS', (signal) => treasury.instructionStatus(pisQuery(pi), { signal }));
    const original = await instructions.instruction(pi.original_pi_number!);
    const ftps = await ask('FTPS', (signal) => treasury.correctionPaymentStatus(ftpsQuery(pi, original), { signal }));
    if (ftps.held || !pi.bill_ref_no) return ftps;
    const ftfps = await ask('FTFPS', (signal) => treasury.correctionFailureStatus(ftfpsQuery(pi), { signal }));
    return ftfps.held ? ftfps : ftps;
  };

  const recordEvidence = async (pi: InstructionRow, lookup: Lookup, answer?: string) => {
    const row = await instructions.instruction(pi.pi_number);
    const at = new Date().toISOString();
    const e: ConfirmationEvidence = (row.stuck_evidence as ConfirmationEvidence | null) ?? {
      attempts: 0,
      lookups: 0,
      answers: [],
    };
    e.lookups += 1;
    e.lastLookup = { at, service: lookup.service, answer: lookup.held ? 'shown' : lookup.answer };
    if (answer !== undefined) {
      e.attempts += 1;
      e.answers = [...e.answers, { at, answer }].slice(-5);
    }
    await instructions.writeEvidence(pi.pi_number, e);
  };

  return {
    /** One lookup (and, when the treasury does not show the number, one re-send); "not yet" is thrown. */
    async confirmInstruction(input: { piNumber: string }): Promise<PostOutcome> {
      const pi = await instructions.instruction(input.piNumber);
      if (PI_STATUSES_AT_TREASURY.has(pi.status)) return { status: 'INITIATED' };
      if (pi.status === 'FAILED') {
        const reason = pi.error ?? 'released by an operator';
        await releaseFailed(pi, reason);
        return { status: 'FAILED', reason };
      }
      const lookup = await lookUp(pi);
      if (lookup.held) return accepted(pi, `shown by ${lookup.service} while unconfirmed`);
      let answer = lookup.answer;
      if (lookup.answered) {
        try {
          const result = await send(pi);
          if (result.kind === 'ok') return accepted(pi, 're-sent under the same number and accepted');
          answer = describeAnswer(result);
        } catch (err) {
          answer = errorText(err);
        }
        await recordEvidence(pi, lookup, answer);
      } else {
        await recordEvidence(pi, lookup);
      }
      log.info('instruction still unconfirmed', { piNumber: pi.pi_number, service: lookup.service });
      throw notReady(`${pi.pi_number} is unconfirmed: ${lookup.service} does not show it yet`);
    },

    /**
     * An operator's release of an UNCONFIRMED instruction the treasury confirms it does not hold:
     * FAILED with who and why in the status log, funds credited back. Refused for any other status.
     */
    async settleUnconfirmed(input: {
      piNumber: string;
      requestedBy: string;
      reason: string;
    }): Promise<{ status: 'FAILED'; reason: string }> {
      const reason = `released by ${input.requestedBy}: ${input.reason}`;
      const pi = await instructions.failUnconfirmed(input.piNumber, reason, (row) => ({
        settledBy: input.requestedBy,
        reason: input.reason,
        evidence: row.stuck_evidence,
      }));
      if (!pi) {
        const current = await instructions.instruction(input.piNumber).catch(() => undefined);
        throw ApplicationFailure.create({
          type: LifecycleErrorType.InconsistentRecord,
          message: `${input.piNumber} is ${current?.status ?? 'unknown'}: only an UNCONFIRMED instruction can be released`,
          nonRetryable: true,
        });
      }
      await releaseFailed(pi, reason);
      return { status: 'FAILED', reason };
    },

    /** Flags (or clears) a PI for a person: a stage past its deadline, or an error the treasury answered. */
    async flagInstruction(input: {
      piNumber: string;
      stage: string;
      stuck: boolean;
      reason?: string;
    }): Promise<{ stuck: boolean; stage: string }> {
      await instructions.flagStuck({ ...input, reason: input.reason ?? null });
      return { stuck: input.stuck, stage: input.stage };
    },
  };
}
