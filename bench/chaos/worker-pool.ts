import type { ChildProcess } from 'node:child_process';
import type { BenchPlatform } from '../lib/platform';
import { sleep, type EventLog } from './event-log';

interface Slot {
  index: number;
  child?: ChildProcess;
  filling?: Promise<void>;
  startedAt: number;
}

/**
 * Keeps `size` worker processes (the real `workers/main.ts`) running: a slot whose process dies —
 * SIGKILLed by the chaos schedule or crashed on its own — is refilled. A worker that exits without
 * being killed is recorded: a process that cannot survive a Temporal or database outage is a finding.
 */
export class WorkerPool {
  private readonly slots: Slot[];
  private readonly killed = new WeakSet<ChildProcess>();
  private stopping = false;
  private starts = 0;

  constructor(
    private readonly platform: BenchPlatform,
    size: number,
    private readonly log: EventLog,
  ) {
    this.slots = Array.from({ length: size }, (_, index) => ({ index, startedAt: 0 }));
  }

  /** Starts every slot and waits until all of them poll. */
  async start(): Promise<void> {
    await Promise.all(this.slots.map((slot) => this.fill(slot)));
  }

  ready(): number {
    return this.slots.filter((s) => isAlive(s.child)).length;
  }

  pids(): number[] {
    return this.slots.flatMap((s) => (isAlive(s.child) && s.child?.pid ? [s.child.pid] : []));
  }

  /** Resolves when every slot has a polling worker (or `signal` aborts). */
  async allReady(signal?: AbortSignal): Promise<void> {
    while (!signal?.aborted && this.ready() < this.slots.length) {
      await Promise.all(this.slots.map((s) => s.filling ?? Promise.resolve()));
      if (this.ready() < this.slots.length) await sleep(200, signal);
    }
  }

  /**
   * SIGKILLs the longest-running worker if at least one other is polling, and starts its
   * replacement in the background. False when no worker could be spared.
   */
  async killOne(): Promise<boolean> {
    const live = this.slots.filter((s) => isAlive(s.child) && !s.filling);
    if (live.length < 2 && this.slots.length > 1) return false;
    const victim = live.sort((a, b) => a.startedAt - b.startedAt)[0];
    if (!victim?.child) return false;
    const child = victim.child;
    this.killed.add(child);
    const pid = child.pid;
    const upForMs = Date.now() - victim.startedAt;
    await this.platform.killWorker(child);
    this.log.add('worker-killed', { slot: victim.index, pid, upForMs });
    void this.fill(victim);
    return true;
  }

  /** Stops refilling; the platform's stop() SIGTERMs whatever still runs. */
  stop(): void {
    this.stopping = true;
  }

  private fill(slot: Slot): Promise<void> {
    slot.filling ??= (async () => {
      try {
        for (let attempt = 1; !this.stopping; attempt++) {
          const started = Date.now();
          try {
            const child = await this.platform.startWorker();
            this.starts += 1;
            slot.child = child;
            slot.startedAt = Date.now();
            this.log.add('worker-started', { slot: slot.index, pid: child.pid, startupMs: Date.now() - started });
            child.once('exit', (code, signal) => {
              if (this.killed.has(child) || this.stopping) return;
              this.log.add('worker-exited-unexpectedly', { slot: slot.index, pid: child.pid, code, signal });
              void this.fill(slot);
            });
            return;
          } catch (err) {
            this.log.add('worker-start-failed', { slot: slot.index, attempt, error: String(err).slice(0, 300) });
            await sleep(Math.min(10_000, 1_000 * attempt));
          }
        }
      } finally {
        slot.filling = undefined;
      }
    })();
    return slot.filling;
  }
}

function isAlive(child: ChildProcess | undefined): child is ChildProcess {
  return child !== undefined && child.exitCode === null && child.signalCode === null;
}
