/**
 * The seeded ANGUL MUNICIPALITY's General head of account, master allotment 1101 (see
 * `simulator/seed/treasury-seed.json`): what a test PI draws on, whether it is built as the wire's
 * `params` (the simulator's tests) or as our gateway's input (the treasury client's tests).
 */
export const ANGUL_GENERAL_ALLOTMENT = {
  ddoCode: 'OLSHUD001',
  granteeAgCode: 'GOHUDULBMPL0036',
  schemeCode: '13145',
  hoa: '221705800358641045908',
  ssuIaId: '1621',
  mstAllotmentDistId: '1101',
  ssuAllotmentId: '5001',
  allotmentTxnSlNo: '0',
  purpose: 'MUKTA',
} as const;

/** A test beneficiary's fixed details (the account number and amount vary per test). */
export const TEST_PAYEE = {
  ifsc: 'SBIN0000041',
  mobile: '9000000000',
  address: 'Angul',
  accountType: 'Saving',
  purpose: 'Mukta Payment',
} as const;
