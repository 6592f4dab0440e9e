import {
  ActivityFailure,
  ApplicationFailure,
  log,
  proxyActivities,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { LifecycleErrorType, SearchAttr } from '../../contracts';
import { withSummaries } from './activity-summaries';

const { flagPayment } = withSummaries(
  proxyActivities<Activities>({
    startToCloseTimeout: '30 seconds',
    // The flag is a plain insert of our own text: a bounded retry rides out a database restart.
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 20 },
  }),
);

/** The DeterministicActivityFailure inside an activity's failure, if that is what it is. */
function deterministicCause(err: unknown): ApplicationFailure | undefined {
  if (!(err instanceof ActivityFailure) || !(err.cause instanceof ApplicationFailure)) return undefined;
  return err.cause.type === LifecycleErrorType.DeterministicActivityFailure ? err.cause : undefined;
}

/**
 * The payment's activities, with one change: when one fails deterministically (the database can
 * never take its input), the payment is flagged (PaymentFlag search attribute, the inbox's
 * `flaggedPayments`) and the workflow fails with that reason, instead of running on with a read
 * model that can no longer follow it. Any other failure passes through unchanged.
 */
export function flagDeterministicFailures<T extends object>(
  activities: T,
  { tenantId, billNumber }: { tenantId: string; billNumber: string },
): T {
  const subject = { tenantId, billNumber }; // only these two: the payment input also carries beneficiaries
  return new Proxy(activities, {
    get(target, name, receiver) {
      const activity: unknown = Reflect.get(target, name, receiver);
      if (typeof activity !== 'function') return activity;
      return async (...args: unknown[]) => {
        try {
          return (await (activity as (...a: unknown[]) => Promise<unknown>)(...args)) as unknown;
        } catch (err) {
          const cause = deterministicCause(err);
          if (!cause) throw err;
          await flagAndStop(String(name), cause.message, subject);
        }
      };
    },
  });
}

async function flagAndStop(
  activity: string,
  reason: string,
  subject: { tenantId: string; billNumber: string },
): Promise<never> {
  upsertSearchAttributes([{ key: SearchAttr.paymentFlag, value: reason.slice(0, 200) }]);
  const workflowId = workflowInfo().workflowId;
  await flagPayment({ workflowId, tenantId: subject.tenantId, billNumber: subject.billNumber, activity, reason }).catch(
    (err: unknown) => log.error('payment flag not recorded', { activity, error: String(err) }),
  );
  throw ApplicationFailure.create({
    type: LifecycleErrorType.DeterministicActivityFailure,
    message: `payment flagged: ${reason}`,
    nonRetryable: true,
  });
}
