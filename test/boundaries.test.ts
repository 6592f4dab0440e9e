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

// Planted files, by where they sit: each `reported` import runs the wrong way and must be named by
// the linter, at whatever depth; each `allowed` one runs the right way and must pass.
const planted: Record<string, { reported: string[]; allowed?: string[] }> = {
  'workflows/planted.ts': {
    reported: ["export { db } from '../db/connection';", "export { loadConfig } from '../config';"],
  },
  'workflows/payment/planted.ts': {
    reported: [
      "export { createDb } from '../../db/connection';",
      "export { createActivities } from '../../activities';",
      "export { createTreasuryGateway } from '../../treasury';",
      "export * from '../../simulator/faults';",
      "export { randomUUID } from 'node:crypto';",
    ],
    allowed: ["export type { Activities } from '../../activities';", "export { TaskQueue } from '../../contracts';"],
  },
  'workflows/instruction/planted.ts': { reported: ["export { createApp } from '../../api/app';"] },
  'activities/instructions/planted.ts': { reported: ["export { createApp } from '../../api/app';"] },
  'activities/planted.ts': { reported: [], allowed: ["export type { TreasuryGateway } from '../treasury';"] },
  'outbox/planted.ts': { reported: ["export { createApp } from '../api/app';"] },
  'api/planted.ts': { reported: ["export { ensureOutboxSchedule } from '../outbox';"] },
  'api/routes/planted.ts': { reported: ["export { createActivities } from '../../activities';"] },
  'api/audit/planted.ts': {
    reported: ["export { readBillAudit } from '../../treasury/audit-reader';"],
    allowed: ["export { readBillAudit } from '../../treasury';"],
  },
  'contracts/planted.ts': {
    reported: ["export { TreasuryError } from '../treasury/errors';", "export { default } from 'knex';"],
    allowed: ["export { TaskQueue } from './task-queues';"],
  },
};
const cases = Object.entries(planted).flatMap(([file, { reported, allowed = [] }]) => [
  ...reported.map((code) => [file, code, 1] as const),
  ...allowed.map((code) => [file, code, 0] as const),
]);

describe('import boundaries (eslint.config.mjs)', () => {
  it.each(cases)('%s: %s', async (file, code, violations) => {
    expect(await boundaryViolations(file, code)).toHaveLength(violations);
  });
});
