import type { LifecyclePolicy, PiStatus, WaitingFor } from '../../contracts';
import { istMinute } from './waiting-for';

/**
 * The Markdown the Web UI shows as a workflow's current details (`setCurrentDetails`): where it is,
 * what it waits for and until when, and the next human step. Pure, so each state reads the same on
 * replay and is unit-tested.
 */
export function paymentDetails(status: string, waitingFor: WaitingFor | undefined): string {
  const lines = [`**Stage:** ${status}`];
  if (!waitingFor) {
    lines.push('**Waiting for:** nothing: finished');
    return lines.join('\n\n');
  }
  lines.push(`**Waiting for:** ${waitingFor.what}`);
  if (waitingFor.until)
    lines.push(`**Until:** ${waitingFor.until}${waitingFor.untilMeans ? ` (${waitingFor.untilMeans})` : ''}`);
  lines.push(`**Next human step:** ${waitingFor.nextStep ?? 'none: the workflow moves on by itself'}`);
  return lines.join('\n\n');
}

export interface InstructionView {
  kind: 'ORIGINAL' | 'REVISED';
  status: PiStatus;
  stuckStage?: string;
  stuckReason?: string;
  returnsWindowUntil?: string;
  closed: boolean;
}

const AWAITS: Partial<Record<PiStatus, { what: string; stage: keyof LifecyclePolicy }>> = {
  UNCONFIRMED: { what: 'the treasury’s records to confirm whether it holds the PI', stage: 'confirmation' },
  APPROVED: { what: 'the payment advice (PAG)', stage: 'advice' },
  IN_PROCESS: { what: 'the disbursement (PD)', stage: 'disbursement' },
};

/** What a PI waits for at `nowMs`, the instant it entered its status (stage deadlines count from then). */
export function instructionWaitingFor(
  pi: InstructionView,
  policy: LifecyclePolicy,
  nowMs: number,
): WaitingFor | undefined {
  if (pi.closed) return undefined;
  if (pi.stuckStage) {
    return {
      what: `the treasury at ${pi.stuckStage}: flagged stuck${pi.stuckReason ? ` (${pi.stuckReason})` : ''}`,
      nextStep:
        pi.status === 'UNCONFIRMED'
          ? 'ask the treasury whether it holds the PI; if it confirms it does not, release it (release-unconfirmed)'
          : 'check the PI with the treasury, then send Poll now',
    };
  }
  if (pi.returnsWindowUntil) {
    return {
      what: 'bank returns (FD sweep' + (pi.kind === 'REVISED' ? ', FTFPS)' : ')'),
      until: istMinute(Date.parse(pi.returnsWindowUntil)),
      untilMeans: 'the returns window closes then and the PI completes',
    };
  }
  const initiated =
    pi.kind === 'ORIGINAL'
      ? { what: 'the SSU’s sanction (PIS)', stage: 'sanction' as const }
      : { what: 'the correction’s disbursement (FTPS)', stage: 'revisedDisbursement' as const };
  const awaited = pi.status === 'INITIATED' ? initiated : AWAITS[pi.status];
  if (!awaited) return { what: 'its next step (recording, funds, posting)' };
  const stage = policy[awaited.stage] as { deadlineMs: number };
  return {
    what: awaited.what,
    until: istMinute(nowMs + stage.deadlineMs),
    untilMeans: 'flagged stuck for a person if not done by then; polling goes on',
  };
}

export function instructionDetails(pi: InstructionView, waitingFor: WaitingFor | undefined): string {
  return paymentDetails(pi.stuckStage ? `${pi.status}, STUCK at ${pi.stuckStage}` : pi.status, waitingFor);
}
