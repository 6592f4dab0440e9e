import { ApplicationFailure } from '@temporalio/activity';
import { DatabaseError } from 'pg';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import {
  deterministicFailureCounter,
  isDeterministicDbError,
  withDeterministicFailures,
} from './deterministic-failures';

const pgError = (code: string, message = 'refused') => {
  const err = new DatabaseError(message, 0, 'error');
  err.code = code;
  return err;
};

describe('deterministic database failures', () => {
  it.each(['22021', '22P05', '22007', '22008', '22001', '23502', '23514', '54000'])('%s is deterministic', (code) => {
    expect(isDeterministicDbError(pgError(code))).toBe(true);
  });

  it.each(['23505', '23503', '23P01', '40001', '40P01', '08006', '57P01'])(
    '%s stays retryable (races, outages)',
    (code) => {
      expect(isDeterministicDbError(pgError(code))).toBe(false);
    },
  );

  it('converts only those, counts them, and never carries the refused value', async () => {
    const registry = new Registry();
    const activities = withDeterministicFailures(
      {
        refused: () => Promise.reject(pgError('22P02', 'invalid input syntax for type integer: "9000000000"')),
        outage: () => Promise.reject(pgError('08006')),
        fine: () => Promise.resolve(42),
      },
      deterministicFailureCounter(registry),
    );
    const failure = await activities.refused().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'DeterministicActivityFailure', nonRetryable: true });
    expect((failure as Error).message).toBe(
      'refused: the database refused the input (SQLSTATE 22P02 invalid_text_representation)',
    );
    await expect(activities.outage()).rejects.toBeInstanceOf(DatabaseError);
    await expect(activities.fine()).resolves.toBe(42);
    expect(await registry.getSingleMetricAsString('activity_deterministic_failures_total')).toContain(
      'activity_deterministic_failures_total{activity="refused",sqlstate="22P02"} 1',
    );
  });
});
