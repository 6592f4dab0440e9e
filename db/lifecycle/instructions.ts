import { ApplicationFailure } from '@temporalio/common';
import { LifecycleErrorType, type PiStatus } from '../../contracts';
import type { InstructionRow } from './rows';
import { LifecycleTable, type Queryable } from './tables';

const instructions = (db: Queryable) => db(LifecycleTable.instructions);

export async function loadInstruction(
  db: Queryable,
  piNumber: string,
  options: { forUpdate?: boolean } = {},
): Promise<InstructionRow> {
  const row = await findInstructionRow(db, piNumber, options);
  if (!row) {
    throw ApplicationFailure.create({
      type: LifecycleErrorType.InconsistentRecord,
      message: `no payment instruction ${piNumber} in the read model`,
      nonRetryable: true,
    });
  }
  return row;
}

export async function findInstructionRow(
  db: Queryable,
  piNumber: string,
  options: { forUpdate?: boolean } = {},
): Promise<InstructionRow | undefined> {
  const query = instructions(db).where({ pi_number: piNumber });
  if (options.forUpdate) void query.forUpdate();
  return (await query.first()) as InstructionRow | undefined;
}

/** Another revision of the same original PI in one of `statuses`, if there is one. */
export async function otherRevisionIn(
  db: Queryable,
  pi: Pick<InstructionRow, 'pi_number' | 'original_pi_number'>,
  statuses: readonly string[],
): Promise<string | undefined> {
  const other = (await instructions(db)
    .where({ original_pi_number: pi.original_pi_number, kind: 'REVISED' })
    .whereNot({ pi_number: pi.pi_number })
    .whereIn('status', statuses)
    .first('pi_number')) as { pi_number: string } | undefined;
  return other?.pi_number;
}

/** The send is recorded before it leaves: a later attempt that finds the mark knows it may have arrived. */
export async function markPosting(db: Queryable, piNumber: string): Promise<void> {
  await instructions(db)
    .where({ pi_number: piNumber })
    .update({ status: 'POSTING', post_attempted_at: db.fn.now(), updated_at: db.fn.now() });
}

/** Nothing left us: the next attempt is a first send again. */
export async function unmarkPosting(db: Queryable, piNumber: string): Promise<void> {
  await instructions(db)
    .where({ pi_number: piNumber })
    .update({ status: 'PREPARED', post_attempted_at: null, updated_at: db.fn.now() });
}

/** Writes columns only while the PI is still in `whileStatus` (when given); returns whether it did. */
export async function updateInstruction(
  db: Queryable,
  piNumber: string,
  fields: Record<string, unknown>,
  whileStatus?: PiStatus,
): Promise<boolean> {
  const moved = await instructions(db)
    .where({ pi_number: piNumber, ...(whileStatus ? { status: whileStatus } : {}) })
    .update({ ...fields, updated_at: db.fn.now() });
  return moved > 0;
}

/** Flags (or clears) a PI for a person; `reason` only when the caller has one to show. */
export async function flagStuck(
  db: Queryable,
  input: { piNumber: string; stage: string; stuck: boolean; reason?: string | null },
): Promise<void> {
  const withReason = input.reason !== undefined;
  await updateInstruction(
    db,
    input.piNumber,
    input.stuck
      ? {
          stuck_stage: input.stage,
          stuck_since: db.fn.now(),
          ...(withReason ? { stuck_reason: input.reason } : {}),
        }
      : { stuck_stage: null, stuck_since: null, ...(withReason ? { stuck_reason: null } : {}) },
  );
}

/** Stores a new PREPARED instruction; false when its number is already stored (a retry, a second worker). */
export async function insertPreparedInstruction(
  db: Queryable,
  row: Pick<
    InstructionRow,
    | 'pi_number'
    | 'tenant_id'
    | 'bill_number'
    | 'payment_workflow_id'
    | 'kind'
    | 'original_pi_number'
    | 'corrects_pi_number'
    | 'amount_paise'
    | 'beneficiary_count'
  > & { jit_bill_date: string },
): Promise<boolean> {
  const inserted = await instructions(db)
    .insert({ ...row, status: 'PREPARED' })
    .onConflict('pi_number')
    .ignore()
    .returning('pi_number');
  return inserted.length > 0;
}

/** One page (by number) of PIs that were sent and are open, or closed since `closedSince`. */
export async function sentInstructionsPage(
  db: Queryable,
  page: { openUnless: readonly string[]; closedSince: Date; tenantIds?: string[]; after?: string; limit: number },
): Promise<InstructionRow[]> {
  return (await instructions(db)
    .where((q) => void q.whereNotIn('status', page.openUnless).orWhere('updated_at', '>=', page.closedSince))
    .whereNotNull('post_attempted_at')
    .modify((q) => {
      if (page.tenantIds) void q.whereIn('tenant_id', page.tenantIds);
      if (page.after) void q.where('pi_number', '>', page.after);
    })
    .orderBy('pi_number')
    .limit(page.limit)) as InstructionRow[];
}
