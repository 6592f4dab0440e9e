/**
 * How the lifecycle workflows pace themselves: per-stage polling, deadlines and the rules with a
 * number in them. Parsed from `LIFECYCLE_POLICY` by `config/lifecycle-policy.ts`.
 */

/** Per-stage polling of the treasury: how soon, how fast it backs off, and when a person should look. */
export interface StagePolicy {
  initialIntervalMs: number;
  backoffCoefficient: number;
  maximumIntervalMs: number;
  /** After this long without progress the instruction is flagged STUCK (and keeps being followed). */
  deadlineMs: number;
  /**
   * Calendar-aware pacing (calendar/poll-plan.ts): when set, each "not yet" answer is retried at the
   * delay the plan gives for the treasury's calendar, instead of the backoff above.
   */
  calendar?: CalendarPacing;
}

/**
 * When to ask the treasury about one stage: densely while it can change (office hours, or a window
 * after each of the treasury's batch times), sparsely otherwise. Parsed by calendar/poll-plan.ts.
 */
export interface CalendarPacing {
  /** `office-hours`, or batch times as IST minutes after midnight. */
  changesAt: 'office-hours' | number[];
  batchWindowMs: number;
  denseIntervalMs: number;
  dailyBackoff: number;
  maximumDenseIntervalMs: number;
  openingDelayMs: number;
}

export interface LifecyclePolicy {
  sanction: StagePolicy;
  advice: StagePolicy;
  disbursement: StagePolicy;
  /** Revised instructions: FTPS success. */
  revisedDisbursement: StagePolicy;
  /**
   * An UNCONFIRMED instruction (a send that may have reached the treasury) is looked up at this pace;
   * past the deadline it is flagged for a person, who alone may release it.
   */
  confirmation: StagePolicy;
  /** How long a paid instruction keeps listening for returns (FD sweep signals; FTFPS polls for revisions). */
  returnsWindowMs: number;
  /** How long a payment waits for funds before it is flagged for a person (it keeps waiting). */
  fundsWaitDeadlineMs: number;
  /** Whether money returned after payment is credited back to the sanction (legacy §4.4: it is not). */
  creditReturnsToSanction: boolean;
  /** Correction window (legacy §3.5): days after the original PI within the same financial year. */
  correctionWindowDays: number;
  /** A payment continues as new past this many history events (many revisions), keeping replays fast. */
  historyEventsBeforeContinueAsNew: number;
}
