import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { patched, upsertMemo, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';

/**
 * The patch behind which a run writes fewer history events (issue 17): search attributes and memo
 * fields are upserted only when their value changes. Runs started before it (and the committed
 * histories under test/histories) have no marker and keep upserting everything, as they did.
 */
export const LEAN_HISTORY_PATCH = 'lean-history';

export interface Upserts {
  /** Whether this run is lean (decided once, at its start: a replay of an older run stays as it was). */
  readonly lean: boolean;
  searchAttributes(pairs: SearchAttributeUpdatePair[]): void;
  memo(fields: Record<string, unknown>): void;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Upserts that skip what changes nothing. Call at the very start of the workflow, before its first
 * command, so the patch marker (one event) comes first. Search attributes are compared with what the
 * run holds (`workflowInfo().typedSearchAttributes`: those it was started with, then its own upserts);
 * memo fields with what this run last upserted (a continued run re-sends its first, which is fine).
 * All of it is workflow state only, so replay takes the same decisions.
 */
export function leanUpserts(): Upserts {
  const lean = patched(LEAN_HISTORY_PATCH);
  const memoSent = new Map<string, string>();
  return {
    lean,
    searchAttributes(pairs) {
      const held = workflowInfo().typedSearchAttributes;
      const changed = lean ? pairs.filter((p) => !same(held.get(p.key as never), p.value)) : pairs;
      if (changed.length > 0) upsertSearchAttributes(changed);
    },
    memo(fields) {
      const changed = lean
        ? Object.fromEntries(Object.entries(fields).filter(([k, v]) => memoSent.get(k) !== JSON.stringify(v ?? null)))
        : fields;
      if (Object.keys(changed).length === 0) return;
      for (const [k, v] of Object.entries(changed)) memoSent.set(k, JSON.stringify(v ?? null));
      upsertMemo(changed);
    },
  };
}
