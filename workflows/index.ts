// The worker's workflowsPath: re-exports only. The exported name is the workflow type; never rename one
// that may have running executions.
export { platformProbeWorkflow } from './platform-probe';
