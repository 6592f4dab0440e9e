import type { LifecycleDelays } from './delays';
import { ruleForAccount, type FailureRule } from './failure-rules';
import type { IdentifierSequence } from './identifiers';

/** One attempt to pay one beneficiary: part of an original PI or of a correction (COR). */
export interface BeneficiaryPayment {
  benefId: string;
  name: string;
  accountNo: string;
  ifsc: string;
  amountPaise: number;
  utrNo: string;
  endToEndId: string;
  /** When it appears in the debit scroll (PD / FTPS). */
  paidAt: number;
  /** Set when the bank sends the money back; FD / FTFPS report it from `visibleAt`. */
  returned?: { reason: string; visibleAt: number; challanNumber: string };
}

export interface PayeeInput {
  benefId: string;
  name: string;
  accountNo: string;
  ifsc: string;
  amountPaise: number;
}

/** Decides, at acceptance, what will happen to a payee's money once the bill is disbursed at `disbursedAt`. */
export function planPayment(
  payee: PayeeInput,
  disbursedAt: number,
  delays: LifecycleDelays,
  rules: readonly FailureRule[],
  ids: IdentifierSequence,
): BeneficiaryPayment {
  const rule = ruleForAccount(payee.accountNo, rules);
  const paidAt = rule?.outcome === 'late' ? disbursedAt + delays.disbursementDelayMs : disbursedAt;
  const payment: BeneficiaryPayment = {
    ...payee,
    utrNo: ids.nextUtrNo(),
    endToEndId: ids.nextEndToEndId(paidAt),
    paidAt,
  };
  if (rule?.outcome === 'return') {
    payment.returned = {
      reason: rule.reason,
      visibleAt: paidAt + delays.returnDelayMs,
      challanNumber: ids.nextChallanNumber(),
    };
  }
  return payment;
}

export function isReturnVisible(payment: BeneficiaryPayment, now: number): boolean {
  return payment.returned !== undefined && now >= payment.returned.visibleAt;
}
