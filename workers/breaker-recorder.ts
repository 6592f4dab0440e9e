import type { Knex } from 'knex';
import type { Logger } from '../config/logger';
import type { BreakerState } from '../contracts/treasury';
import type { JitServiceId } from '../jit/service-ids';

/**
 * Records each treasury breaker transition in `treasury_breaker_states`, which the API's inbox reads
 * (the breakers live in worker processes, the inbox in the API). Writes are ordered per service and
 * never block or fail a treasury call: a lost write is logged, and the next transition corrects it.
 */
export function createBreakerRecorder(db: Knex, log: Logger) {
  let chain: Promise<void> = Promise.resolve();
  return (serviceId: JitServiceId, state: BreakerState): void => {
    chain = chain
      .then(async () => {
        await db('treasury_breaker_states')
          .insert({ service_id: serviceId, state, changed_at: db.fn.now() })
          .onConflict('service_id')
          .merge();
      })
      .catch((err: unknown) => log.warn({ err, serviceId, state }, 'could not record breaker state'));
  };
}
