// The worker's workflowsPath: re-exports only. The exported name is the workflow type; never rename one
// that may have running executions.
export { platformProbeWorkflow } from './platform-probe';
export { paymentWorkflow } from './payment';
export { paymentInstructionWorkflow } from './payment-instruction';
export { fundsSyncAllWorkflow, fundsSyncWorkflow } from './funds-sync';
export { failureSweepWorkflow } from './failure-sweep';
export { outboxDeliveryWorkflow } from './outbox-delivery';
export { reconciliationWorkflow } from './reconciliation';
