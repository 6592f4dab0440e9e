import { ESLint } from 'eslint';
import path from 'node:path';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(__dirname, '..');
let eslint: ESLint;

beforeAll(() => {
  // The planted files exist nowhere on disk, so the type-aware rules (which need a TypeScript project
  // holding the file) are off; the import rules need no types.
  eslint = new ESLint({ cwd: repoRoot, overrideConfig: tseslint.configs.disableTypeChecked });
});

/** The `no-restricted-imports` messages ESLint reports for `code` placed at `file` (not written to disk). */
async function boundaryViolations(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
  // A file ESLint could not parse reports nothing else: that must fail the test, not pass it.
  expect(result!.messages.filter((m) => m.fatal)).toEqual([]);
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

// Each planted import runs the wrong way; the linter must name it, at whatever depth it sits.
const wrongWay: Array<[rule: string, file: string, code: string]> = [
  ['workflows ↛ db (depth 1)', 'workflows/planted.ts', "export { db } from '../db/connection';"],
  ['workflows ↛ db (depth 2)', 'workflows/payment/planted.ts', "export { createDb } from '../../db/connection';"],
  [
    'workflows ↛ activity values',
    'workflows/payment/planted.ts',
    "export { createActivities } from '../../activities';",
  ],
  ['workflows ↛ api', 'workflows/instruction/planted.ts', "export { createApp } from '../../api/app';"],
  ['workflows ↛ treasury', 'workflows/planted.ts', "export { createTreasuryGateway } from '../treasury';"],
  ['workflows ↛ simulator', 'workflows/payment/planted.ts', "export * from '../../simulator/faults';"],
  ['workflows ↛ config', 'workflows/planted.ts', "export { loadConfig } from '../config';"],
  ['workflows ↛ Node built-ins', 'workflows/payment/planted.ts', "export { randomUUID } from 'node:crypto';"],
  ['activities ↛ api', 'activities/instructions/planted.ts', "export { createApp } from '../../api/app';"],
  ['outbox ↛ api', 'outbox/planted.ts', "export { createApp } from '../api/app';"],
  ['api ↛ activities', 'api/routes/planted.ts', "export { createActivities } from '../../activities';"],
  ['api ↛ outbox', 'api/planted.ts', "export { ensureOutboxSchedule } from '../outbox';"],
  ['api ↛ treasury internals', 'api/audit/planted.ts', "export { readBillAudit } from '../../treasury/audit-reader';"],
  ['contracts ↛ runtime folders', 'contracts/planted.ts', "export { TreasuryError } from '../treasury/errors';"],
  ['contracts ↛ I/O libraries', 'contracts/planted.ts', "export { default } from 'knex';"],
];

describe('import boundaries (eslint.config.mjs)', () => {
  it.each(wrongWay)('reports %s', async (_rule, file, code) => {
    expect(await boundaryViolations(file, code)).toHaveLength(1);
  });

  const legitimate: Array<[what: string, file: string, code: string]> = [
    [
      'a workflow importing activity types',
      'workflows/payment/planted.ts',
      "export type { Activities } from '../../activities';",
    ],
    ['a workflow importing contracts', 'workflows/payment/planted.ts', "export { TaskQueue } from '../../contracts';"],
    ['a contract importing a contract', 'contracts/planted.ts', "export { TaskQueue } from './task-queues';"],
    ["the API using the treasury's index", 'api/audit/planted.ts', "export { readBillAudit } from '../../treasury';"],
    [
      'activities importing the treasury',
      'activities/planted.ts',
      "export type { TreasuryGateway } from '../treasury';",
    ],
  ];
  it.each(legitimate)('allows %s', async (_what, file, code) => {
    expect(await boundaryViolations(file, code)).toEqual([]);
  });
});
