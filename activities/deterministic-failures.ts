import { ApplicationFailure } from '@temporalio/activity';
import { DatabaseError } from 'pg';
import { Counter, type Registry } from 'prom-client';
import { LifecycleErrorType } from '../contracts';

/**
 * SQLSTATEs that mean "this input can never be stored", whatever the retry: class 22 (data
 * exceptions: NUL or invalid encoding, out-of-range dates and numbers, too-long strings), the
 * constraint violations the row alone decides (23502 not null, 23514 check) and 54000 (a value too
 * large to index). Unique, foreign-key and exclusion violations stay retryable: they can come from a
 * race with a concurrent writer that the retry resolves. So do connection loss, serialization
 * failures and deadlocks (classes 08, 40, 57).
 */
const CONDITION_NAMES: Record<string, string> = {
  '22001': 'string_data_right_truncation',
  '22003': 'numeric_value_out_of_range',
  '22007': 'invalid_datetime_format',
  '22008': 'datetime_field_overflow',
  '22021': 'character_not_in_repertoire',
  '22P02': 'invalid_text_representation',
  '22P05': 'untranslatable_character',
  '23502': 'not_null_violation',
  '23514': 'check_violation',
  '54000': 'program_limit_exceeded',
};

export function isDeterministicDbError(err: unknown): err is DatabaseError {
  if (!(err instanceof DatabaseError) || typeof err.code !== 'string') return false;
  return err.code.startsWith('22') || err.code in CONDITION_NAMES;
}

/**
 * The failure the workflow sees. Only the SQLSTATE, its condition name and the constraint: PostgreSQL's
 * own message may quote the refused value (personal data), and its detail always does.
 */
export function deterministicFailure(activity: string, err: DatabaseError): ApplicationFailure {
  const condition = CONDITION_NAMES[err.code!] ?? 'data_exception';
  const constraint = err.constraint ? `, constraint ${err.constraint}` : '';
  return ApplicationFailure.create({
    type: LifecycleErrorType.DeterministicActivityFailure,
    message: `${activity}: the database refused the input (SQLSTATE ${err.code} ${condition}${constraint})`,
    nonRetryable: true,
    details: [{ activity, sqlstate: err.code, condition }],
  });
}

type ActivityFn = (...args: never[]) => Promise<unknown>;

export function deterministicFailureCounter(registry: Registry): Counter<'activity' | 'sqlstate'> {
  const name = 'activity_deterministic_failures_total';
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<'activity' | 'sqlstate'>;
  return new Counter({
    name,
    help: 'Activity attempts the database refused deterministically (not retried; the workflow flags its subject)',
    labelNames: ['activity', 'sqlstate'] as const,
    registers: [registry],
  });
}

/**
 * Every activity, with one change: a deterministic database refusal becomes a typed non-retryable
 * failure (and a count), instead of an error Temporal would retry for ever on the same input.
 */
export function withDeterministicFailures<T extends Record<string, ActivityFn>>(
  activities: T,
  counter: Counter<'activity' | 'sqlstate'>,
): T {
  const wrapped: Record<string, ActivityFn> = {};
  for (const [name, activity] of Object.entries(activities)) {
    wrapped[name] = async (...args: never[]) => {
      try {
        return await activity(...args);
      } catch (err) {
        if (!isDeterministicDbError(err)) throw err;
        counter.inc({ activity: name, sqlstate: err.code });
        throw deterministicFailure(name, err);
      }
    };
  }
  return wrapped as T;
}
