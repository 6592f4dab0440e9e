import type { PiStatus } from '../../contracts';
import type { InstructionRow } from './rows';
import { recordStatusChange } from './status-events';
import { LifecycleTable } from './tables';
import type { Knex } from 'knex';

export interface TransitionOptions {
  fields?: Record<string, unknown>;
  beneficiaryStatus?: string;
  failureReason?: string;
  detail?: Record<string, unknown>;
  eventKeySuffix?: string;
  from?: PiStatus;
}

/**
 * Moves a PI (and optionally all its not-yet-failed beneficiaries) to a new status with its status
 * log row and outbox event, in one transaction. `detail` is what the event carries for subscribers.
 * With `from`, the move happens only if the PI is still in the status it was computed from (a
 * concurrent poll may have moved it on): nothing is written otherwise, and it returns false.
 */
export async function transitionInstruction(
  trx: Knex.Transaction,
  pi: Pick<InstructionRow, 'pi_number' | 'tenant_id' | 'bill_number'>,
  to: PiStatus,
  options: TransitionOptions = {},
): Promise<boolean> {
  const moved = await trx(LifecycleTable.instructions)
    .where({ pi_number: pi.pi_number })
    .modify((q) => {
      if (options.from) void q.andWhere({ status: options.from });
    })
    .update({ status: to, ...options.fields, updated_at: trx.fn.now() });
  if (moved === 0) return false;
  if (options.beneficiaryStatus) {
    await trx(LifecycleTable.piBeneficiaries)
      .where({ pi_number: pi.pi_number })
      .whereNot({ status: 'FAILED' })
      .update({
        status: options.beneficiaryStatus,
        ...(options.failureReason ? { failure_reason: options.failureReason } : {}),
        updated_at: trx.fn.now(),
      });
  }
  await recordStatusChange(trx, {
    tenantId: pi.tenant_id,
    subject: 'PI',
    subjectId: pi.pi_number,
    status: to,
    eventKey: `PI:${pi.pi_number}:${to}${options.eventKeySuffix ? `:${options.eventKeySuffix}` : ''}`,
    detail: { billNumber: pi.bill_number, ...options.detail },
  });
  return true;
}
