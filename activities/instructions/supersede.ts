import type { InstructionRepository } from '../../db/lifecycle/repository';

/**
 * A paid PI whose failures an accepted revision re-pays is superseded (legacy: COMPLETED). Its own
 * workflow records it, on the revision's word, so its search attribute, query and row change
 * together; a PI whose workflow has closed keeps its last status everywhere. Idempotent.
 */
export function createSupersedeActivities({ instructions }: { instructions: InstructionRepository }) {
  return {
    supersedeInstruction(input: { piNumber: string; supersededBy: string }): Promise<{ superseded: boolean }> {
      return instructions.supersede(input.piNumber, input.supersededBy);
    },
  };
}
