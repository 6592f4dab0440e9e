import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ist, ODISHA_2026 } from '../calendar/odisha-2026';
import { renderCurveChart, worstWorkingHoursLag } from './curve-chart';
import { parseArgs } from './lib/cli';
import { latencyCurve } from './latency-curve';

/**
 * `npm run bench:curve`: the lag-vs-calls curve alone (seconds, no platform), on `--pis` PIs drawn
 * from the calendar timing model; `npm run bench` computes the same curve inside its latency part.
 */
const args = z
  .object({ pis: z.coerce.number().int().positive().default(1_000), out: z.string().default('bench/results') })
  .parse(parseArgs(process.argv.slice(2)));
const points = latencyCurve(ODISHA_2026, args.pis, ist('2026-05-04 10:00'));
mkdirSync(args.out, { recursive: true });
const stem = path.join(args.out, `curve-${new Date().toISOString().replace(/[:.]/g, '-')}`);
writeFileSync(`${stem}.json`, JSON.stringify({ pis: args.pis, calendar: ODISHA_2026.name, points }, null, 2) + '\n');
writeFileSync(`${stem}.svg`, renderCurveChart(points));
for (const p of points) {
  console.log(
    `${p.policy.padEnd(36)} ${String(p.treasuryCallsPerPi).padStart(8)} calls/PI   slowest stage p99 in working hours ${worstWorkingHoursLag(p)} min`,
  );
}
console.log(`results written to ${stem}.{json,svg}`);
