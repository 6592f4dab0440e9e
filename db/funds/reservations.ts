import type { Knex } from 'knex';
import { financialYearOf } from '../../jit/formats';
import { istToday } from './ist-date';
import type {
  ReleaseFundsInput,
  ReleaseFundsResult,
  Reservation,
  ReserveFundsInput,
  ReserveFundsResult,
} from './types';

const UNIQUE_VIOLATION = '23505';

/**
 * Debits a sanction for a PI, atomically and at most once per reservation key. The debit is a
 * conditional update (`available >= amount`) on the balance row, so concurrent reservations queue on
 * the row lock and none can take the balance below zero. A retried call with the same key returns
 * the reservation already made; two concurrent calls with the same key meet at the unique index.
 */
export async function reserveFunds(db: Knex, input: ReserveFundsInput, now = Date.now()): Promise<ReserveFundsResult> {
  if (!Number.isSafeInteger(input.amountPaise) || input.amountPaise <= 0) {
    throw new Error(`reservation amount must be a positive integer of paise, got ${input.amountPaise}`);
  }
  const existing = await findReservation(db, input.reservationKey);
  if (existing) return { outcome: 'ALREADY_RESERVED', ...existing };
  try {
    return await db.transaction(async (trx) => {
      for (const candidate of await candidateSanctions(trx, input, now)) {
        const debited = await trx('sanction_balances')
          .where('sanction_id', candidate.id)
          .andWhere('available_paise', '>=', input.amountPaise)
          .update({
            debited_paise: trx.raw('debited_paise + ?', [input.amountPaise]),
            available_paise: trx.raw('available_paise - ?', [input.amountPaise]),
            updated_at: trx.fn.now(),
          });
        if (debited === 0) continue;
        const [reservation] = (await trx('fund_reservations')
          .insert({
            reservation_key: input.reservationKey,
            tenant_id: input.tenantId,
            sanction_id: candidate.id,
            amount_paise: input.amountPaise,
            status: 'RESERVED',
          })
          .returning('id')) as Array<{ id: number }>;
        await trx('ledger_entries').insert({
          sanction_id: candidate.id,
          kind: 'DEBIT',
          amount_paise: input.amountPaise,
          reservation_id: reservation!.id,
          cause_key: `debit:${input.reservationKey}`,
          entry_date: istToday(now),
        });
        const made = await findReservation(trx, input.reservationKey);
        return { outcome: 'RESERVED' as const, ...made! };
      }
      const largest = (await trx('sanctions as s')
        .join('sanction_balances as b', 'b.sanction_id', 's.id')
        .where('s.tenant_id', input.tenantId)
        .andWhere('s.financial_year', financialYearOf(new Date(now)).label)
        .max({ max: 'b.available_paise' })
        .first()) as { max: number | null } | undefined;
      return { outcome: 'INSUFFICIENT_FUNDS' as const, largestAvailablePaise: Math.max(0, largest?.max ?? 0) };
    });
  } catch (err) {
    if ((err as { code?: string }).code !== UNIQUE_VIOLATION) throw err;
    const winner = await findReservation(db, input.reservationKey);
    if (!winner) throw err;
    return { outcome: 'ALREADY_RESERVED', ...winner };
  }
}

/**
 * Credits a reservation back, wholly (PI rejected or its post failed) or in part (a beneficiary's
 * money returned, when policy says so). Idempotent per release key.
 */
export async function releaseFunds(db: Knex, input: ReleaseFundsInput, now = Date.now()): Promise<ReleaseFundsResult> {
  return db.transaction(async (trx) => {
    const row = (await trx('fund_reservations')
      .where({ reservation_key: input.reservationKey })
      .forUpdate()
      .first()) as { id: number; sanction_id: number; amount_paise: number; released_paise: number } | undefined;
    if (!row) return { outcome: 'NOT_FOUND' as const };
    const causeKey = `release:${input.releaseKey}`;
    const earlier = (await trx('ledger_entries').where({ cause_key: causeKey }).first('amount_paise')) as
      { amount_paise: number } | undefined;
    const remaining = row.amount_paise - row.released_paise;
    if (earlier) {
      return {
        outcome: 'ALREADY_RELEASED' as const,
        amountPaise: earlier.amount_paise,
        sanctionId: row.sanction_id,
        remainingPaise: remaining,
      };
    }
    const amount = Math.min(input.amountPaise ?? remaining, remaining);
    if (amount <= 0) return { outcome: 'NOTHING_TO_RELEASE' as const, remainingPaise: 0 as const };
    await trx('sanction_balances')
      .where({ sanction_id: row.sanction_id })
      .update({
        reversed_paise: trx.raw('reversed_paise + ?', [amount]),
        available_paise: trx.raw('available_paise + ?', [amount]),
        updated_at: trx.fn.now(),
      });
    await trx('ledger_entries').insert({
      sanction_id: row.sanction_id,
      kind: 'REVERSAL',
      amount_paise: amount,
      reservation_id: row.id,
      cause_key: causeKey,
      entry_date: istToday(now),
    });
    const released = row.released_paise + amount;
    await trx('fund_reservations')
      .where({ id: row.id })
      .update({
        released_paise: released,
        status: released === row.amount_paise ? 'RELEASED' : 'RESERVED',
        release_reason: input.reason,
        released_at: trx.fn.now(),
      });
    return {
      outcome: 'RELEASED' as const,
      amountPaise: amount,
      sanctionId: row.sanction_id,
      remainingPaise: row.amount_paise - released,
    };
  });
}

/**
 * The sanctions a PI may charge, in the order tried: only those of the financial year (IST) the PI
 * is made in, so that from 1 April no PI spends last year's money; heads of account in the payment's
 * order (else master data's sequence); within a head, the newest sanction first, as the legacy
 * adapter chose (lastmodifiedtime DESC, the first that covers the amount).
 */
async function candidateSanctions(
  trx: Knex.Transaction,
  input: ReserveFundsInput,
  now: number,
): Promise<Array<{ id: number }>> {
  const preferred = input.headOfAccountCodes ?? [];
  const query = trx('sanctions as s')
    .join('sanction_balances as b', 'b.sanction_id', 's.id')
    .join('heads_of_account as h', 'h.code', 's.hoa_code')
    .where('s.tenant_id', input.tenantId)
    .andWhere('s.financial_year', financialYearOf(new Date(now)).label)
    .andWhere('h.active', true)
    .andWhere('b.available_paise', '>=', input.amountPaise)
    .select('s.id');
  if (preferred.length > 0) {
    query.whereIn('s.hoa_code', preferred).orderByRaw('array_position(?::text[], s.hoa_code)', [preferred]);
  } else {
    query.orderBy('h.sequence');
  }
  return (await query.orderBy('s.created_at', 'desc').orderBy('s.id', 'desc')) as Array<{ id: number }>;
}

async function findReservation(db: Knex | Knex.Transaction, reservationKey: string): Promise<Reservation | undefined> {
  const row = (await db('fund_reservations as r')
    .join('sanctions as s', 's.id', 'r.sanction_id')
    .join('spending_units as u', function () {
      this.on('u.tenant_id', 's.tenant_id').andOn('u.ssu_id', 's.ssu_id');
    })
    .where('r.reservation_key', reservationKey)
    .first(
      'r.status',
      'r.reservation_key',
      'r.amount_paise',
      's.id as sanction_id',
      's.master_allotment_id',
      's.hoa_code',
      's.ddo_code',
      's.ssu_id',
      's.scheme_code',
      'u.grantee_ag_code',
      db.raw(
        `(SELECT json_build_object('ssu', a.ssu_allotment_id, 'sl', a.allotment_txn_sl_no) FROM allotments a
          WHERE a.sanction_id = s.id AND a.txn_type <> 'WITHDRAWAL'
          ORDER BY CASE WHEN a.allotment_txn_sl_no ~ '^[0-9]{1,18}$' THEN a.allotment_txn_sl_no::bigint END DESC NULLS LAST,
            a.id DESC LIMIT 1) AS latest_allotment`,
      ),
    )) as
    | {
        status: 'RESERVED' | 'RELEASED';
        reservation_key: string;
        amount_paise: number;
        sanction_id: number;
        master_allotment_id: string;
        hoa_code: string;
        ddo_code: string;
        ssu_id: string;
        scheme_code: string;
        grantee_ag_code: string;
        latest_allotment: { ssu: string; sl: string } | null;
      }
    | undefined;
  if (!row) return undefined;
  return {
    status: row.status,
    reservationKey: row.reservation_key,
    amountPaise: row.amount_paise,
    sanctionId: row.sanction_id,
    masterAllotmentId: row.master_allotment_id,
    hoaCode: row.hoa_code,
    ddoCode: row.ddo_code,
    ssuId: row.ssu_id,
    schemeCode: row.scheme_code,
    granteeAgCode: row.grantee_ag_code,
    ssuAllotmentId: row.latest_allotment?.ssu ?? '',
    allotmentTxnSlNo: row.latest_allotment?.sl ?? '',
  };
}
