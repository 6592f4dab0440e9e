/** Where the simulator reads "now" from. Every state transition is derived from it, never from timers. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  advance(ms: number): number {
    if (ms < 0) throw new Error('a clock only moves forward');
    this.current += ms;
    return this.current;
  }

  set(ms: number): void {
    this.current = ms;
  }
}

/** Wraps a base clock with a forward-only offset: the admin API's "fast-forward". */
export class AdjustableClock implements Clock {
  private offset = 0;

  constructor(private readonly base: Clock) {}

  now(): number {
    return this.base.now() + this.offset;
  }

  get offsetMs(): number {
    return this.offset;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error('a clock only moves forward');
    this.offset += ms;
  }
}
