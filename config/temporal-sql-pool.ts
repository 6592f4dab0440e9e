/**
 * One Temporal service's SQL pool. Idle connections default to the maximum: Go's database/sql
 * closes every released connection beyond maxIdleConns, so a smaller idle pool turns a busy server
 * into a stream of new PostgreSQL backends (measured: bench/results, README Performance).
 */
export function sqlPool(maxConns: number, maxIdleConns: number | undefined, name: string) {
  const idle = maxIdleConns ?? maxConns;
  if (idle > maxConns) {
    throw new Error(`invalid configuration: ${name}_MAX_IDLE_CONNS (${idle}) exceeds ${name}_MAX_CONNS (${maxConns})`);
  }
  return { maxConns, maxIdleConns: idle };
}
