import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchInstructionRows } from './instruction-reads';
import { LifecycleTable } from './tables';
import { openLifecycleTestDb, seedInstruction, type LifecycleTestDb } from './testing/seed';

let t: LifecycleTestDb;
beforeAll(async () => {
  t = await openLifecycleTestDb();
});
afterAll(async () => {
  await t?.close();
});

describe('keyset pagination over the real table', () => {
  it('splits rows created in the same microsecond by their number: every row once, newest number first', async () => {
    const seeded = [];
    for (let i = 0; i < 5; i++) seeded.push(await seedInstruction(t, { status: 'PREPARED' }));
    const numbers = seeded.map((pi) => pi.pi_number);
    await t
      .db(LifecycleTable.instructions)
      .whereIn('pi_number', numbers)
      .update({ created_at: '2026-06-01T10:00:00Z' });

    const seen: string[] = [];
    let after;
    for (let page = 0; page < 5; page++) {
      const result = await searchInstructionRows(t.db, t.tenantId, { status: 'PREPARED', limit: 2, after });
      seen.push(...result.items.map((r) => r.pi_number));
      after = result.next;
      if (!after) break;
    }
    expect(seen).toEqual([...numbers].sort().reverse());
  });
});
