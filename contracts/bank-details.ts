/**
 * The bank-detail formats every side checks (the API's schemas, the correction validator in workflow
 * code, the treasury simulator): the formats the MUKTA UI enforces and the treasury refuses to vary
 * from (see docs/treasury.md). One copy, so the API never accepts what the workflow or treasury
 * would refuse.
 */
export const IFSC_PATTERN = /^[A-Z]{4}0[A-Z0-9]{6}$/;
export const IFSC_FORMAT = 'an IFSC: 4 letters, 0, 6 letters or digits';

export const ACCOUNT_NUMBER_PATTERN = /^[0-9]{9,18}$/;
export const ACCOUNT_NUMBER_FORMAT = '9 to 18 digits';
