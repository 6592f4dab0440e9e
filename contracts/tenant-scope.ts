/**
 * Which tenant a workflow's data belongs to, read from its id (`payment:<tenant>:…`, `pi:<tenant>:…`,
 * `funds-sync:<tenant>:…`). The payload codec binds every payload to this tenant, so the codec server
 * can refuse to decode one tenant's history for another tenant's principals. Platform workflows
 * (schedules, the failure sweep, the outbox) belong to no tenant: their scope is PLATFORM_SCOPE.
 */
export const PLATFORM_SCOPE = '_platform';

const TENANT_WORKFLOW_ID = /^(?:payment|pi|funds-sync):([^:]+):/;

export function tenantOfWorkflowId(workflowId: string | undefined): string {
  return (workflowId && TENANT_WORKFLOW_ID.exec(workflowId)?.[1]) || PLATFORM_SCOPE;
}
