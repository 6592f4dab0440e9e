// Workflow ids: readable in the Temporal UI and derived from business keys, so a second start of the
// same bill finds the first run instead of creating a second payment.
export const paymentWorkflowId = (tenantId: string, billNumber: string): string => `payment:${tenantId}:${billNumber}`;
export const instructionWorkflowId = (tenantId: string, piNumber: string): string => `pi:${tenantId}:${piNumber}`;

/**
 * Deterministic PI numbers: the same payment always produces the same numbers, in the same order.
 * They carry the tenant, because bill numbers are unique only within a tenant and the treasury (and
 * our `payment_instructions` key) needs them unique across all of them.
 */
export const originalPiNumber = (tenantId: string, billNumber: string, n: number): string =>
  `PI/${tenantId}/${billNumber}/${n}`;
export const revisedPiNumber = (tenantId: string, billNumber: string, n: number): string =>
  `COR/${tenantId}/${billNumber}/${n}`;
/** Like PI numbers, beneficiary numbers carry the tenant: the treasury tracks a payee by it across tenants' bills. */
export const beneficiaryNumber = (tenantId: string, billNumber: string, index: number): string =>
  `BN/${tenantId}/${billNumber}/${index + 1}`;
