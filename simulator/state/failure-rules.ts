import { z } from 'zod';

/**
 * Deterministic per-beneficiary outcomes, chosen by the end of the account number the money is sent
 * to. The first matching rule wins; an account no rule matches is paid and stays paid.
 * - `return`: paid (shows in PD/FTPS with a UTR), then bounced back by the bank: FD/FTFPS report it
 *   `returnDelayMs` after the payment with `reason` as `failedReason`.
 * - `late`: paid, but missing from the debit scroll until one more `disbursementDelayMs` has passed.
 */
export const failureRuleSchema = z.discriminatedUnion('outcome', [
  z.object({
    accountSuffix: z.string().regex(/^\d{1,18}$/),
    outcome: z.literal('return'),
    reason: z.string().min(1),
  }),
  z.object({ accountSuffix: z.string().regex(/^\d{1,18}$/), outcome: z.literal('late') }),
]);
export const failureRulesSchema = z.array(failureRuleSchema);

export type FailureRule = z.infer<typeof failureRuleSchema>;

export const DEFAULT_FAILURE_RULES: readonly FailureRule[] = [
  { accountSuffix: '999', outcome: 'return', reason: 'Account does not exist' },
  { accountSuffix: '998', outcome: 'return', reason: 'Account is Dormant' },
  { accountSuffix: '997', outcome: 'late' },
];

export function ruleForAccount(accountNo: string, rules: readonly FailureRule[]): FailureRule | undefined {
  return rules.find((rule) => accountNo.endsWith(rule.accountSuffix));
}
