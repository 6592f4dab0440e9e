/**
 * The `errorCode`s the simulated treasury answers with in `errorMsgs[]`. 340 (PI) and 322 (COR) for a
 * wrong IFSC are the treasury's own, seen in its samples; the rest are this simulator's, stable so
 * tests and clients can rely on them.
 */
export const ERROR_CODES = {
  DUPLICATE: 'DUPLICATE',
  // PI
  INVALID_FIELD: '310',
  UNKNOWN_DDO_OR_SSU: '301',
  UNKNOWN_MASTER_ALLOTMENT: '302',
  BENEFICIARY_COUNT_MISMATCH: '303',
  NET_AMOUNT_MISMATCH: '304',
  GROSS_NET_INVALID: '305',
  NO_BENEFICIARY: '306',
  DUPLICATE_ACCOUNT: '307',
  INSUFFICIENT_FUNDS: '308',
  INVALID_AMOUNT: '309',
  DUPLICATE_BENEF_ID: '311',
  WRONG_IFSC: '340',
  WRONG_ACCOUNT: '341',
  // COR
  COR_ORIGINAL_NOT_FOUND: '320',
  COR_NOT_IN_ORIGINAL: '321',
  COR_WRONG_IFSC: '322',
  COR_WRONG_ACCOUNT: '323',
  COR_NOT_RETURNED: '324',
  COR_CURRENT_MISMATCH: '325',
} as const;

export interface JitErrorMsg {
  errorCode: string;
  errorMsg: string;
}
