import { readdirSync, readFileSync } from 'node:fs';
import type { Knex } from 'knex';

const TICKS_PER_SECOND = 100; // Linux USER_HZ

/** utime, stime, cutime, cstime of a process in seconds, from /proc/<pid>/stat. */
function cpuTimes(pid: number): { own: number; reapedChildren: number; ppid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const tick = (i: number) => Number(fields[i]) / TICKS_PER_SECOND;
    return { ppid: Number(fields[1]), own: tick(11) + tick(12), reapedChildren: tick(13) + tick(14) };
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds the whole PostgreSQL server has used: the postmaster, its live backends, and every
 * backend that has already exited (the kernel adds a reaped child's time to its parent's cutime),
 * so short-lived connections are counted too.
 */
function postgresCpuSeconds(postmasterPid: number): number | undefined {
  const postmaster = cpuTimes(postmasterPid);
  if (!postmaster) return undefined;
  let live = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const child = cpuTimes(Number(entry));
    if (child?.ppid === postmasterPid) live += child.own;
  }
  return postmaster.own + postmaster.reapedChildren + live;
}

interface DatabaseCounters {
  sessions: number;
  commits: number;
}

async function databaseCounters(db: Knex, databases: string[]): Promise<Record<string, DatabaseCounters>> {
  const { rows } = (await db.raw(
    'SELECT datname, sessions::bigint AS sessions, xact_commit::bigint AS commits FROM pg_stat_database WHERE datname = ANY(?)',
    [databases],
  )) as { rows: Array<{ datname: string; sessions: string; commits: string }> };
  return Object.fromEntries(rows.map((r) => [r.datname, { sessions: Number(r.sessions), commits: Number(r.commits) }]));
}

export interface PostgresUsage {
  /** CPU seconds of the PostgreSQL server (every database on it), or null where /proc is not readable. */
  cpuSeconds: number | null;
  /** Connections opened and transactions committed per database over the window. */
  byDatabase: Record<string, DatabaseCounters>;
}

/**
 * What PostgreSQL did while a benchmark ran: its CPU, and per database how many sessions were opened
 * (connection churn shows here) and how many transactions committed. Needs the server on this machine.
 */
export async function samplePostgres(db: Knex, databases: string[]) {
  const { rows } = (await db.raw('SELECT pg_backend_pid() AS pid')) as { rows: Array<{ pid: number }> };
  const postmasterPid = cpuTimes(rows[0]!.pid)?.ppid;
  const cpuAtStart = postmasterPid ? postgresCpuSeconds(postmasterPid) : undefined;
  const countersAtStart = await databaseCounters(db, databases);
  return {
    async stop(): Promise<PostgresUsage> {
      // pg_stat_database is updated by backends at most every PGSTAT_MIN_INTERVAL (1 s).
      await new Promise((r) => setTimeout(r, 1_100));
      const cpuAtEnd = postmasterPid ? postgresCpuSeconds(postmasterPid) : undefined;
      const countersAtEnd = await databaseCounters(db, databases);
      const byDatabase = Object.fromEntries(
        Object.entries(countersAtEnd).map(([name, end]) => {
          const start = countersAtStart[name] ?? { sessions: 0, commits: 0 };
          return [name, { sessions: end.sessions - start.sessions, commits: end.commits - start.commits }];
        }),
      );
      const cpuSeconds = cpuAtStart !== undefined && cpuAtEnd !== undefined ? cpuAtEnd - cpuAtStart : null;
      return { cpuSeconds, byDatabase };
    },
  };
}
