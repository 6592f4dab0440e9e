import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // Linux USER_HZ

export interface ProcessUsage {
  rssBytes: number;
  /** User + system CPU seconds consumed so far. */
  cpuSeconds: number;
}

/** A process's resident memory and CPU time from /proc (Linux). */
export function processUsage(pid: number): ProcessUsage | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return { rssBytes: rssKb * 1024, cpuSeconds: (utime + stime) / TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

/** Samples a process every `everyMs` until stopped; reports peak RSS and CPU used over the window. */
export function sampleProcess(pid: number, everyMs = 500) {
  const start = processUsage(pid);
  let peakRss = start?.rssBytes ?? 0;
  let last = start;
  let running = true;
  const loop = (async () => {
    while (running) {
      await new Promise((r) => setTimeout(r, everyMs));
      const now = processUsage(pid);
      if (!now) continue;
      last = now;
      peakRss = Math.max(peakRss, now.rssBytes);
    }
  })();
  return {
    async stop(): Promise<{ peakRssBytes: number; cpuSeconds: number }> {
      running = false;
      await loop;
      return { peakRssBytes: peakRss, cpuSeconds: (last?.cpuSeconds ?? 0) - (start?.cpuSeconds ?? 0) };
    },
  };
}

/** `sampleProcess` over several processes (the worker fleet, a split engine): peaks and CPU summed. */
export function sampleProcesses(pids: number[], everyMs = 500) {
  const samplers = pids.map((pid) => sampleProcess(pid, everyMs));
  return {
    async stop(): Promise<{ peakRssBytes: number; cpuSeconds: number }> {
      const each = await Promise.all(samplers.map((s) => s.stop()));
      return {
        peakRssBytes: each.reduce((sum, u) => sum + u.peakRssBytes, 0),
        cpuSeconds: each.reduce((sum, u) => sum + u.cpuSeconds, 0),
      };
    },
  };
}
