import type { Db } from '../db/connection';
import { createProbeActivities } from './probe';

/** Everything an activity may touch, built once by the worker's composition root. */
export interface ActivityDeps {
  db: Db;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createProbeActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
