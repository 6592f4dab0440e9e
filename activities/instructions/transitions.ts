import type { Knex } from 'knex';
import type { PiStatus } from '../../contracts';
import { recordStatusChange } from '../read-model/status-events';
import type { InstructionRow } from './records';

/**
 * Moves a PI (and optionally all its not-yet-failed beneficiaries) to a new status with its status
 * log row and outbox event, in one transaction. `detail` is what the event carries for subscribers.
 */
export async function transitionInstruction(
  trx: Knex.Transaction,
  pi: Pick<InstructionRow, 'pi_number' | 'tenant_id' | 'bill_number'>,
  to: PiStatus,
  options: {
    fields?: Record<string, unknown>;
    beneficiaryStatus?: string;
    failureReason?: string;
    detail?: Record<string, unknown>;
    eventKeySuffix?: string;
  } = {},
): Promise<void> {
  await trx('payment_instructions')
    .where({ pi_number: pi.pi_number })
    .update({ status: to, ...options.fields, updated_at: trx.fn.now() });
  if (options.beneficiaryStatus) {
    await trx('pi_beneficiaries')
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
}
