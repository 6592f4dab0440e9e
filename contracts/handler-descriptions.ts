/**
 * What each signal, query and update of the payment and PI workflows is for, in the words the Web UI
 * shows next to it (Temporal 1.24 takes a handler's description at `setHandler(def, fn, { description })`,
 * not in `defineSignal`, so the workflows pass these). Internal messages say so, and who sends them:
 * in production only the worker's identity may (README "Restricting internal signals").
 */
export const HandlerDescription = {
  paymentState: 'The payment as the workflow sees it now: status, beneficiaries, PIs, what it waits for.',
  instructionState: 'The PI as its workflow sees it now: treasury status, beneficiaries, stuck stage.',
  pollNow: 'Operators: ask the treasury now instead of at the next poll (a waiting payment re-checks its funds).',
  supplyCorrections:
    'Employees: corrected bank details for failed beneficiaries; validated (format, tenant, only failed ones) before it is accepted.',
  cancelPayment:
    'Operators: cancel with a reason; refused where the treasury may still pay, or has paid. Prefer this to Cancel or Terminate.',
  settleUnconfirmed:
    'Operators: release an UNCONFIRMED PI past its deadline, naming who and why ("the treasury confirms it does not hold PI …"); audited.',
  resubmitRejected:
    'Operators: send the beneficiaries of a PI the SSU rejected again, in a new PI (new number, funds reserved again); refused while a PI is live.',
  fundsAvailable:
    'INTERNAL (funds sync): new money on a head of account. Sending it by hand only makes the payment re-check its funds.',
  instructionReport:
    'INTERNAL (PI workflow → its payment): the PI’s status and beneficiaries. Never send by hand: it is trusted as the treasury’s word.',
  beneficiariesReturned:
    'INTERNAL (failure sweep): beneficiaries the bank returned. Never send by hand: it triggers a correction as if the bank had.',
  instructionSuperseded:
    'INTERNAL (revised PI → the PI it corrects): the treasury accepted the correction, so this PI is COMPLETED. Never send by hand.',
} as const satisfies Record<string, string>;

export type HandlerName = keyof typeof HandlerDescription;

/** The `setHandler` options that carry a handler's description. */
export const described = (name: HandlerName): { description: string } => ({ description: HandlerDescription[name] });
