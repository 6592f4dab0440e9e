import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { loadAverages, machineFacts } from '../lib/machine';
import { exitCleanlyOnSignals } from '../lib/platform';
import { runChaos, type ChaosReport } from './run';
import { CHAOS_DIALECTS, chaosOptions } from './settings';
import { parseArgs } from '../lib/cli';

/**
 * `npm run chaos [-- --quick] [--dialect faithful|adversarial] [--payments 500] [--seconds 240] [--settle-seconds 600] [--out dir]`:
 * the chaos suite (bench/chaos/run.ts), a summary table, JSON under bench/results/, and exit 1 when
 * an invariant fails.
 */
const args = z
  .object({
    quick: z.boolean().default(false),
    payments: z.coerce.number().int().positive().optional(),
    seconds: z.coerce.number().int().min(10).optional(),
    'settle-seconds': z.coerce.number().int().min(10).optional(),
    out: z.string().default('bench/results'),
    dialect: z.enum(['faithful', 'adversarial']).default('faithful'),
  })
  .strict()
  .parse(parseArgs(process.argv.slice(2)));

async function main(): Promise<void> {
  exitCleanlyOnSignals();
  const options = chaosOptions(args.quick ? 'quick' : 'full', {
    ...(args.payments !== undefined ? { payments: args.payments } : {}),
    ...(args.seconds !== undefined ? { chaosSeconds: args.seconds } : {}),
    ...(args['settle-seconds'] !== undefined ? { settleSeconds: args['settle-seconds'] } : {}),
    dialect: CHAOS_DIALECTS[args.dialect],
  });
  // Last resort only: every phase is bounded on its own (chaos window, settle, 2-minute restarts).
  const boundMs = (options.chaosSeconds + options.settleSeconds + 900) * 1_000;
  setTimeout(() => {
    console.error(`chaos run exceeded ${boundMs / 1000} s; giving up`);
    process.exit(2);
  }, boundMs).unref();

  const report = await runChaos(options);
  const machine = { ...machineFacts(), loadAverageAtEnd: loadAverages() };
  printSummary(report);
  mkdirSync(args.out, { recursive: true });
  const mode = report.mode === 'full' ? 'full' : 'quick';
  const file = path.join(
    args.out,
    `chaos-${mode}${report.dialect === 'faithful' ? '' : `-${report.dialect}`}-${Date.now()}.json`,
  );
  const unlimited = (_key: string, value: unknown) => (value === Number.POSITIVE_INFINITY ? 'unlimited' : value);
  writeFileSync(file, JSON.stringify({ machine, ...report }, unlimited, 2) + '\n');
  console.log(`results written to ${file}`);
  process.exitCode = report.passed ? 0 : 1;
}

function printSummary(r: ChaosReport): void {
  const s = (ms: number) => `${(ms / 1000).toFixed(0)} s`;
  const d = r.disruptions;
  console.log('');
  console.log(
    `chaos ${r.mode} (${r.dialect} treasury): ${r.workload.payments} payments, ${r.workload.beneficiaries} beneficiaries`,
  );
  console.log(
    `  (${r.workload.withReturns} with a returned beneficiary → correction + COR, ${r.workload.ssuRejected} rejected by the SSU)`,
  );
  console.log(
    `timings: setup ${s(r.timings.setupMs)}, chaos ${s(r.timings.chaosMs)}, settle ${s(r.timings.settleMs)}` +
      `${r.timings.settled ? '' : ' (NOT settled)'}, checks ${s(r.timings.checksMs)}, total ${s(r.timings.totalMs)}`,
  );
  console.log(
    `disruptions: ${d.workerKills} worker SIGKILLs (${d.workerStarts} starts, median start-up ${s(d.workerStartupMs.median)}, ` +
      `${d.workersExitedUnexpectedly} unexpected exits), ${d.temporalRestarts} Temporal restarts ` +
      `(${d.temporalDownMs.map(s).join(', ')}), ${d.pgTerminationRounds} pg_terminate_backend rounds ` +
      `(${d.pgBackendsTerminated} backends), treasury faults ${JSON.stringify(d.treasuryFaults)}, ${d.treasuryAuths} handshakes`,
  );
  console.log(
    `driver: ${r.driver.correctionsSent} corrections sent (${r.driver.correctionsRefused} refused, ` +
      `${r.driver.correctionErrors} errors), ${r.driver.failureSweepsStarted} failure sweeps, ${r.driver.startRetries} start retries`,
  );
  console.log('');
  const rows = r.invariants.map((i) => [String(i.id), i.pass ? 'PASS' : 'FAIL', i.name, i.summary]);
  const width = [2, 4, Math.max(...rows.map((x) => x[2]!.length))];
  console.log(`${'#'.padEnd(width[0]!)}  ${'result'.padEnd(width[1]!)}  ${'invariant'.padEnd(width[2]!)}  numbers`);
  for (const row of rows)
    console.log(
      `${row[0]!.padEnd(width[0]!)}  ${row[1]!.padEnd(width[1]! + 2)}  ${row[2]!.padEnd(width[2]!)}  ${row[3]}`,
    );
  for (const i of r.invariants.filter((x) => !x.pass)) {
    console.log(`\n${i.id} FAIL — ${i.name}:`);
    console.log(JSON.stringify(i.details, null, 2).slice(0, 4_000));
  }
  const perService = r.invariants.find((i) => i.id === 5)?.details.perService as
    Record<string, Record<string, number>> | undefined;
  if (perService) {
    console.log('\ntreasury calls per service (treasury count vs encrypted log):');
    console.log('service  handled  logged  200    no-status  5xx    401    not-logged  audit-write-failed');
    for (const [service, c] of Object.entries(perService))
      console.log(
        `${service.padEnd(7)}  ${String(c.treasuryHandled).padStart(7)}  ${String(c.logged).padStart(6)}  ` +
          `${String(c.logged200).padStart(5)}  ${String(c.loggedNoStatus).padStart(9)}  ${String(c.logged5xx).padStart(5)}  ` +
          `${String(c.logged401).padStart(5)}  ${String(c.handledNotLogged).padStart(10)}  ${String(c.auditWritesFailed).padStart(18)}`,
      );
  }
  console.log(`\n${r.passed ? 'ALL INVARIANTS PASS' : 'SOME INVARIANTS FAIL'}; logs in ${r.workDir}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
