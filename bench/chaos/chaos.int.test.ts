import { describe, expect, it } from 'vitest';
import { runChaos } from './run';
import { chaosOptions } from './settings';

/**
 * The chaos suite, small: 50 payments (five with a returned beneficiary re-paid by a COR, one rejected
 * by the SSU) while one worker process is SIGKILLed, the Temporal dev server restarted once and the
 * database's connections terminated once, under 20 % treasury 5xx, 5 % timeouts, damaged bodies and
 * session expiry. The bench platform brings its own Temporal server, database and simulator; the
 * shared test server is not used. `npm run chaos` is the full version (500 payments, kills every few
 * seconds, two Temporal restarts).
 */
describe('chaos suite (small)', () => {
  it('loses nothing and pays nothing twice through one kill of each kind', async () => {
    const lines: string[] = [];
    const report = await runChaos(
      chaosOptions('test', {
        chaosSeconds: 60,
        settleSeconds: 120,
        keepWorkDir: false,
        log: (line) => lines.push(line),
      }),
    );
    const failures = report.invariants
      .filter((i) => !i.pass)
      .map((i) => `${i.id} ${i.name}: ${i.summary}\n${JSON.stringify(i.details, null, 2).slice(0, 3_000)}`);
    expect(failures, lines.join('\n')).toEqual([]);
    expect(report.disruptions.workerKills).toBe(1);
    expect(report.disruptions.temporalRestarts).toBe(1);
    expect(report.disruptions.pgTerminationRounds).toBe(1);
    expect(report.disruptions.workersExitedUnexpectedly).toBe(0);
    expect(report.timings.settled).toBe(true);
  }, 300_000);
});
