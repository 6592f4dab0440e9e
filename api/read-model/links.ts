/** Relative links between resources; path segments are URL-encoded (bill and PI numbers contain `/`). */
const BASE = '/api/v1';
const seg = encodeURIComponent;

export const paymentLinks = (billNumber: string): Record<string, string> => ({
  self: `${BASE}/payments/${seg(billNumber)}`,
  instructions: `${BASE}/payment-instructions?billNumber=${seg(billNumber)}`,
  corrections: `${BASE}/payments/${seg(billNumber)}/corrections`,
  audit: `${BASE}/payments/${seg(billNumber)}/audit`,
});

export const instructionLinks = (piNumber: string, billNumber: string): Record<string, string> => ({
  self: `${BASE}/payment-instructions/${seg(piNumber)}`,
  payment: `${BASE}/payments/${seg(billNumber)}`,
});
