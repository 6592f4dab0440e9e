import type { ActivityDeps } from '..';
import { loadInstruction } from './records';
import { transitionInstruction } from './transitions';

/**
 * A paid PI whose failures an accepted revision re-pays is superseded (legacy: COMPLETED). Its own
 * workflow records it, on the revision's word, so its search attribute, query and row change
 * together; a PI whose workflow has closed keeps its last status everywhere. Idempotent.
 */
export function createSupersedeActivities({ db }: Pick<ActivityDeps, 'db'>) {
  return {
    async supersedeInstruction(input: { piNumber: string; supersededBy: string }): Promise<{ superseded: boolean }> {
      return db.transaction(async (trx) => {
        const pi = await loadInstruction(trx, input.piNumber, { forUpdate: true });
        if (pi.status !== 'PARTIAL' && pi.status !== 'SUCCESSFUL') return { superseded: pi.status === 'COMPLETED' };
        await transitionInstruction(trx, pi, 'COMPLETED', { detail: { supersededBy: input.supersededBy } });
        return { superseded: true };
      });
    },
  };
}
