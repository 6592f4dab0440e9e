import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(__dirname, '..');
/** The platform's runtime code: what runs in production (the simulator and tests are not part of it). */
const RUNTIME = [
  'activities',
  'api',
  'config',
  'contracts',
  'db',
  'jit',
  'outbox',
  'security',
  'treasury',
  'workers',
  'workflows',
];

function grep(pattern: string): string[] {
  try {
    const out = execFileSync(
      'git',
      ['grep', '-n', '-I', '-E', pattern, '--', ...RUNTIME.map((d) => `${d}/*.ts`), ':!*.test.ts'],
      {
        cwd: repoRoot,
        encoding: 'utf8',
      },
    );
    return out.split('\n').filter(Boolean);
  } catch (err) {
    if ((err as { status?: number }).status === 1) return []; // git grep: no match
    throw err;
  }
}

// The mission: every cron job replaced by Temporal (workflows, timers, retry policies, Schedules).
describe('no cron anywhere in the runtime code', () => {
  it('has no interval timers', () => {
    expect(grep(String.raw`\bsetInterval\s*\(`)).toEqual([]);
  });

  it('uses no cron library or cron expression', () => {
    expect(grep(String.raw`node-cron|cron-parser|\bcronExpressions\b|from 'cron'`)).toEqual([]);
  });

  it('scans no table for work to do (no polling loops over status columns)', () => {
    // Work arrives by workflow, signal or schedule; a `while` loop that queries for pending rows would be a cron in disguise.
    expect(grep(String.raw`while\s*\(.*(await\s+)?(db|trx|knex)\(`)).toEqual([]);
  });
});
