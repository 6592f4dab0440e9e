import type { Knex } from 'knex';

export function createFlagActivities(deps: { db: Knex }) {
  return {
    /**
     * A payment stopped because an activity can never succeed on its input: the inbox lists it until
     * a person deals with it. The reason names the activity and SQLSTATE only, never the input.
     */
    async flagPayment(input: {
      workflowId: string;
      tenantId: string;
      billNumber: string;
      activity: string;
      reason: string;
    }): Promise<{ flagged: string }> {
      await deps
        .db('payment_flags')
        .insert({
          workflow_id: input.workflowId,
          tenant_id: input.tenantId,
          bill_number: input.billNumber,
          activity: input.activity,
          reason: input.reason,
        })
        .onConflict('workflow_id')
        .merge(['activity', 'reason', 'flagged_at']);
      return { flagged: input.activity };
    },
  };
}
