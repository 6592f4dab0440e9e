import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export const HISTORIES_DIR = path.join(__dirname, 'histories');

/**
 * With RECORD_HISTORIES=1, writes a finished workflow's history where the replay test picks it up
 * (`test/histories/<name>.json`, the JSON form `temporal workflow show -o json` prints). Commit the
 * file when a workflow's behaviour is released, so later code changes must replay it unchanged.
 */
export async function recordHistoryIfAsked(client: Client, workflowId: string, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), historyToJSON(history) + '\n');
}
