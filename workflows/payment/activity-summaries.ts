import type { ActivityFunction, ActivityInterfaceFor } from '@temporalio/workflow';

/**
 * One line per activity call, as the Web UI's history shows it ("Post PI … to the treasury"), built
 * from the call's own numbers only: arguments can carry payees' details, which must not reach a
 * summary (summaries are stored unencrypted as user metadata).
 */
type Numbers = { piNumber?: string; paymentWorkflowId?: string; hoaCode?: string; workflowId?: string };
type Describe = (arg: Numbers & Record<string, unknown>) => string;

const pi = (a: Numbers) => a.piNumber ?? 'the PI';

const SUMMARIES: Record<string, Describe> = {
  prepareInstruction: (a) => `Record PI ${pi(a)} before anything is sent`,
  reserveInstructionFunds: (a) => `Reserve funds for PI ${pi(a)} on its head of account`,
  postInstruction: (a) => `Post PI ${pi(a)} to the treasury`,
  confirmInstruction: (a) => `Ask the treasury whether it holds PI ${pi(a)}`,
  pollSanction: (a) => `Poll the SSU's sanction of PI ${pi(a)} (PIS)`,
  pollAdvice: (a) => `Poll the payment advice of PI ${pi(a)} (PAG)`,
  pollDisbursement: (a) => `Poll the disbursement of PI ${pi(a)} (PD)`,
  pollCorrectionFailures: (a) => `Poll the failures of correction ${pi(a)} (FTFPS)`,
  recordReturns: (a) => `Record returned beneficiaries of PI ${pi(a)}`,
  flagInstruction: (a) =>
    a['stuck'] ? `Flag PI ${pi(a)} stuck at ${String(a['stage'])}` : `Clear the flag of PI ${pi(a)}`,
  supersedeInstruction: (a) => `Record PI ${pi(a)} superseded by revision ${String(a['supersededBy'])} (COMPLETED)`,
  settleUnconfirmed: (a) => `Release unconfirmed PI ${pi(a)} (operator)`,
  recordPayment: (a) => `Record the payment as ${String(a['status'])}`,
  recordCorrections: () => 'Record corrected bank details',
  registerFundsWait: () => 'Register the payment as awaiting funds',
  clearFundsWait: () => 'Clear the payment’s funds wait',
  flagFundsWaitOverdue: () => 'Flag the funds wait overdue',
  wakeFundsWaiters: (a) => `Wake payments waiting on head of account ${a.hoaCode ?? ''}`.trim(),
  flagPayment: () => 'Flag the payment for a person (deterministic failure)',
};

/** A readable summary for any activity, those without an entry named by their words ("listFundsSyncKeys" → "List funds sync keys"). */
export function activitySummary(activity: string, arg: unknown): string {
  const describe = SUMMARIES[activity];
  const numbers = (arg !== null && typeof arg === 'object' ? arg : {}) as Numbers & Record<string, unknown>;
  if (describe) return describe(numbers);
  const words = activity.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The same activities, each call scheduled with its summary as user metadata. */
export function withSummaries<A extends object>(activities: ActivityInterfaceFor<A>): ActivityInterfaceFor<A> {
  return new Proxy(activities, {
    get(target, name, receiver) {
      const activity: unknown = Reflect.get(target, name, receiver);
      if (typeof name !== 'string' || typeof activity !== 'function') return activity;
      const { executeWithOptions } = activity as ActivityFunction & {
        executeWithOptions: (o: { summary: string }, args: unknown[]) => Promise<unknown>;
      };
      return (...args: unknown[]) => executeWithOptions({ summary: activitySummary(name, args[0]) }, args);
    },
  });
}
