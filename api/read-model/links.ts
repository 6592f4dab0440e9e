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

/** The Temporal Web UI people open (TEMPORAL_UI_URL) and the namespace the workflows live in. */
export interface WebUi {
  temporalUi: string;
  namespace: string;
}

/** `{ workflowUi }`: the workflow's page in the Web UI (its latest run), or nothing without a UI address. */
export const webUiWorkflowLink = (ui: WebUi | undefined, workflowId: string): { workflowUi?: string } =>
  ui
    ? {
        workflowUi: `${ui.temporalUi.replace(/\/+$/, '')}/namespaces/${seg(ui.namespace)}/workflows/${seg(workflowId)}`,
      }
    : {};
