import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { runLatency } from './latency';
import { loadAverages, machineFacts } from './lib/machine';
import { exitCleanlyOnSignals } from './lib/platform';
import { renderCurveChart } from './curve-chart';
import { renderLatencyChart, renderTables, type BenchResults } from './report';
import { runScale } from './scale';
import { runThroughput } from './throughput';
import { WORKER_TUNING } from './tuning';
import { loadConfig } from '../config';
import type { EngineSettings } from '../scripts/lib/temporal-engine';
import type { BenchRun } from './lib/run-options';
import { parseArgs } from './lib/cli';

const args = z
  .object({
    quick: z.boolean().default(false),
    n: z.coerce.number().int().positive().optional(),
    only: z.enum(['throughput', 'latency', 'scale']).optional(),
    /** Sizes of the scale runs, e.g. `--scale 1000,10000` (the default). */
    scale: z
      .string()
      .regex(/^\d+(,\d+)+$/)
      .transform((v) => v.split(',').map(Number))
      .optional(),
    /** PIs followed in the latency run. */
    pis: z.coerce.number().int().positive().optional(),
    out: z.string().default('bench/results'),
    /** The Temporal engine to measure (default TEMPORAL_ENGINE), its topology and shard count. */
    engine: z.enum(['dev', 'postgres']).optional(),
    topology: z.enum(['single', 'split']).optional(),
    shards: z.coerce.number().int().positive().optional(),
    /** Worker processes on the one task queue. */
    workers: z.coerce.number().int().min(1).max(16).default(1),
  })
  .parse(parseArgs(process.argv.slice(2)));

async function main(): Promise<void> {
  exitCleanlyOnSignals();
  const configured = loadConfig().temporal.engine;
  const engine: EngineSettings = {
    ...configured,
    kind: args.engine ?? configured.kind,
    topology: args.topology ?? configured.topology,
    historyShards: args.shards ?? configured.historyShards,
  };
  const run: BenchRun = { workerEnv: WORKER_TUNING, workers: args.workers, engine };
  const machine = machineFacts();
  const results: BenchResults & Record<string, unknown> = {
    startedAt: new Date().toISOString(),
    quick: args.quick,
    machine,
    workerTuning: WORKER_TUNING,
    engine: engine.kind,
    topology: engine.kind === 'postgres' ? engine.topology : 'single',
    // The dev server always runs one shard.
    historyShards: engine.kind === 'postgres' ? engine.historyShards : 1,
    workerProcesses: args.workers,
    ...(engine.kind === 'postgres' ? { sqlPools: engine.sqlPools } : {}),
    // Other work on the machine skews every figure: the 1/5/15-minute load averages say how busy it was.
    loadAverages: { atStart: loadAverages() } as Record<string, number[]>,
  };
  mkdirSync(args.out, { recursive: true });
  const stem = path.join(
    args.out,
    `${args.quick ? 'quick' : 'full'}-${engine.kind}-w${args.workers}-${new Date().toISOString().replace(/[:.]/g, '-')}`,
  );
  // Written after every part, so a long run that is stopped still leaves what it measured.
  const save = (part?: string) => {
    if (part) (results.loadAverages as Record<string, number[]>)[part] = loadAverages();
    writeFileSync(`${stem}.json`, JSON.stringify(results, null, 2) + '\n');
    writeFileSync(
      `${stem}.txt`,
      `${describeMachine(results.machine, describeEngine(engine, args.workers))}\n\n${renderTables(results)}\n`,
    );
    if (results.latency) {
      writeFileSync(`${stem}-latency.svg`, renderLatencyChart(results.latency));
      writeFileSync(`${stem}-curve.svg`, renderCurveChart(results.latency.curve.points));
    }
  };
  if (!args.only || args.only === 'throughput') {
    results.throughput = await runThroughput(args.n ?? (args.quick ? 30 : 1_000), run);
    save('afterThroughput');
  }
  if (!args.only || args.only === 'latency') {
    // The server spaces activity retries at least 1 s apart: at 600× one second is 10 model minutes.
    results.latency = await runLatency(args.pis ?? (args.quick ? 10 : 60), args.quick ? 3_600 : 600, run);
    save('afterLatency');
  }
  if (!args.only || args.only === 'scale') {
    results.scale = await runScale(args.scale ?? (args.quick ? [40, 120] : [1_000, 10_000]), run, (partial) => {
      results.scale = partial;
      save(`afterScale${partial.points.at(-1)?.inFlight}`);
    });
  }
  console.log(
    `\n${renderTables(results)}\n\nresults written to ${stem}.{json,txt${results.latency ? ',-latency.svg,-curve.svg' : ''}}`,
  );
}

function describeMachine(m: unknown, engine: string): string {
  const machine = m as { cpus: number; cpuModel?: string; memoryGb: number; node: string; platform: string };
  return `machine: ${machine.cpus} × ${machine.cpuModel ?? 'CPU'}, ${machine.memoryGb} GB, ${machine.platform}, Node ${machine.node}; ${engine}, all on the same machine`;
}

function describeEngine(e: EngineSettings, workers: number): string {
  const server =
    e.kind === 'dev'
      ? 'Temporal dev server (SQLite, 1 shard)'
      : `Temporal server on PostgreSQL (${e.historyShards} shards, ${e.topology === 'split' ? 'one process per service' : 'one process'}, SQL pool ${e.sqlPools.persistence.maxConns}/${e.sqlPools.persistence.maxIdleConns} idle)`;
  return `${server}, ${workers} worker process${workers === 1 ? '' : 'es'}, PostgreSQL`;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
