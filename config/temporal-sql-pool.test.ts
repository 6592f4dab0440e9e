import { describe, expect, it } from 'vitest';
import { loadConfig } from '.';

describe('the PostgreSQL engine SQL pools', () => {
  it('keep as many idle connections as they may open unless told otherwise', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).temporal.engine.sqlPools).toEqual({
      persistence: { maxConns: 8, maxIdleConns: 8 },
      visibility: { maxConns: 3, maxIdleConns: 3 },
    });
    const tuned = loadConfig({ NODE_ENV: 'test', TEMPORAL_SQL_MAX_CONNS: '16', TEMPORAL_SQL_MAX_IDLE_CONNS: '4' });
    expect(tuned.temporal.engine.sqlPools.persistence).toEqual({ maxConns: 16, maxIdleConns: 4 });
  });

  it('refuse more idle connections than the pool may hold', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', TEMPORAL_VISIBILITY_SQL_MAX_IDLE_CONNS: '5' })).toThrow(
      /TEMPORAL_VISIBILITY_SQL_MAX_IDLE_CONNS \(5\) exceeds TEMPORAL_VISIBILITY_SQL_MAX_CONNS \(3\)/,
    );
  });
});
