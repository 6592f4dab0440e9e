import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes treasury operations filter on in the Temporal Web UI, e.g.
 * `TenantId = "od.angul" AND PaymentStatus = "AWAITING_FUNDS"`. The platform registers them on the
 * namespace at every start (registration is idempotent); the dev server's SQL visibility allows
 * 10 Keyword and 3 Datetime custom attributes per namespace.
 */
export const SearchAttr = {
  tenantId: defineSearchAttributeKey('TenantId', SearchAttributeType.KEYWORD),
  billNumber: defineSearchAttributeKey('BillNumber', SearchAttributeType.KEYWORD),
  piNumber: defineSearchAttributeKey('PiNumber', SearchAttributeType.KEYWORD),
  paymentStatus: defineSearchAttributeKey('PaymentStatus', SearchAttributeType.KEYWORD),
  piStatus: defineSearchAttributeKey('PiStatus', SearchAttributeType.KEYWORD),
  headOfAccount: defineSearchAttributeKey('HeadOfAccount', SearchAttributeType.KEYWORD),
  awaitingSince: defineSearchAttributeKey('AwaitingSince', SearchAttributeType.DATETIME),
  /** Why the payment stopped for a person (e.g. an activity failed deterministically); unset while all is well. */
  paymentFlag: defineSearchAttributeKey('PaymentFlag', SearchAttributeType.KEYWORD),
} as const;

export const ALL_SEARCH_ATTRIBUTES = Object.values(SearchAttr);
