/** What the chaos suite did to the platform, and when (ms since the chaos window opened; negative during set-up). */
export interface ChaosEvent {
  atMs: number;
  kind:
    | 'faults-on'
    | 'faults-off'
    | 'worker-started'
    | 'worker-start-failed'
    | 'worker-killed'
    | 'worker-exited-unexpectedly'
    | 'temporal-restart'
    | 'temporal-service-restart'
    | 'pg-terminate'
    | 'pg-terminate-failed';
  detail?: Record<string, unknown>;
}

export class EventLog {
  private readonly recorded: Array<Omit<ChaosEvent, 'atMs'> & { at: number }> = [];
  private t0 = Date.now();

  /** Times are reported from here on (the chaos window's opening). */
  startClock(): void {
    this.t0 = Date.now();
  }

  add(kind: ChaosEvent['kind'], detail?: Record<string, unknown>): void {
    this.recorded.push({ at: Date.now(), kind, ...(detail ? { detail } : {}) });
  }

  get events(): ChaosEvent[] {
    return this.recorded.map(({ at, ...e }) => ({ atMs: at - this.t0, ...e }));
  }

  count(kind: ChaosEvent['kind']): number {
    return this.recorded.filter((e) => e.kind === kind).length;
  }
}

/** A sleep that ends early (without throwing) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, Math.max(0, ms));
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
