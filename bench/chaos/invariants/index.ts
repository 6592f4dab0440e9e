import type { ReceivedSnapshot } from '../../../simulator/state/received';
import { auditLogs } from './audit-logs';
import type { InvariantContext, InvariantResult, PiRow } from './context';
import { exactlyOnceAtTreasury } from './exactly-once';
import { ledger } from './ledger';
import { terminalStates } from './terminal-states';
import { treasurySide } from './treasury-side';
import { workflows } from './workflows';

export type { InvariantContext, InvariantResult, PlannedBill } from './context';

/** Every invariant of the chaos suite, checked against the database, the simulator and Temporal. */
export async function checkInvariants(ctx: InvariantContext): Promise<InvariantResult[]> {
  const { platform } = ctx;
  const received = (await fetch(`${platform.simulator.url}/admin/received`).then((r) => r.json())) as ReceivedSnapshot;
  const pis = (await platform
    .db('payment_instructions')
    .where({ tenant_id: platform.tenant.tenantId })
    .select(
      'pi_number',
      'bill_number',
      'kind',
      'status',
      'amount_paise',
      'original_pi_number',
      'stuck_stage',
    )) as PiRow[];
  return [
    await terminalStates(ctx, pis),
    await exactlyOnceAtTreasury(ctx, pis, received),
    await ledger(ctx, pis),
    await workflows(ctx),
    await auditLogs(ctx, pis, received),
    await treasurySide(ctx, pis),
  ];
}
