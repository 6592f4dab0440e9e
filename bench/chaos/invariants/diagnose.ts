import { paymentStateQuery } from '../../../contracts';
import type { InvariantContext } from './context';

/**
 * Why a payment is neither terminal nor explained: its workflow's view (instructions, beneficiary
 * statuses) next to the database's, and where they disagree.
 */
export async function diagnose(ctx: InvariantContext, workflowId: string): Promise<Record<string, unknown>> {
  const state = await Promise.race([
    ctx.platform.client.workflow.getHandle(workflowId).query(paymentStateQuery),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('query timed out')), 15_000).unref()),
  ]);
  const rows = (await ctx.platform
    .db('pi_beneficiaries as b')
    .join('payment_instructions as i', 'i.pi_number', 'b.pi_number')
    .where('i.payment_workflow_id', workflowId)
    .select('b.pi_number', 'b.beneficiary_number', 'b.status', 'i.status as pi_status')) as Array<{
    pi_number: string;
    beneficiary_number: string;
    status: string;
    pi_status: string;
  }>;
  const inDb = new Map(rows.map((r) => [`${r.pi_number}|${r.beneficiary_number}`, r]));
  return {
    workflowStatus: state.status,
    instructions: state.instructions.map((i) => ({
      piNumber: i.piNumber,
      workflowSays: i.status,
      databaseSays: rows.find((r) => r.pi_number === i.piNumber)?.pi_status,
      closed: i.closed,
    })),
    beneficiariesDisagreeing: state.beneficiaries
      .map((b) => ({
        beneficiaryNumber: b.beneficiaryNumber,
        piNumber: b.piNumber,
        workflowSays: b.status,
        databaseSays: inDb.get(`${b.piNumber}|${b.beneficiaryNumber}`)?.status,
      }))
      .filter((b) => b.workflowSays !== b.databaseSays),
  };
}
