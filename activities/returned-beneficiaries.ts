import type { ReturnedBeneficiary } from '../contracts';
import type { FailedBeneficiary } from '../jit/schemas';

/**
 * A failed-beneficiary line as a return: the same rule whether the line came from the PI's own
 * failure poll (FTFPS) or from the platform-wide failure sweep (FD), so both report the same reason.
 * A line without a beneficiary id cannot be routed and is dropped.
 */
export function toReturned(line: FailedBeneficiary): ReturnedBeneficiary[] {
  if (!line.benfId) return [];
  return [
    {
      beneficiaryNumber: line.benfId,
      reason: (line.failedReason ?? 'returned by the bank').trim(),
      challanNumber: line.challanNumber,
      challanDate: line.challanDate,
    },
  ];
}
