import type { LatencyResult } from './latency';
import type { ScaleResult } from './scale';
import type { ThroughputResult } from './throughput';

export interface BenchResults {
  throughput?: ThroughputResult;
  latency?: LatencyResult;
  scale?: ScaleResult;
}

/** The figures as plain-text tables, for the terminal and the README. */
export function renderTables(r: BenchResults): string {
  const lines: string[] = [];
  if (r.throughput) {
    const t = r.throughput;
    lines.push(
      `Throughput: ${t.payments} payments (${t.beneficiaries} beneficiaries), zero treasury delay`,
      table(
        ['metric', 'value'],
        [
          ['payments completed / s', `${t.paymentsPerSecond}`],
          ['bare-Temporal floor / s', `${t.floor.paymentsPerSecond}`],
          ['ratio to floor', `${t.ratioToFloor}`],
          [
            'submit → paid p50 / p95 / p99 (ms)',
            `${t.submitToPaidMs.p50} / ${t.submitToPaidMs.p95} / ${t.submitToPaidMs.p99}`,
          ],
          ['history events per payment (payment + PI)', `${t.historyEventsPerPayment}`],
          ['treasury calls per payment', `${t.treasuryCallsPerPayment}`],
          [
            'worker peak RSS (MB) / CPU (s) / CPU utilisation',
            `${t.worker.peakRssMb} / ${t.worker.cpuSeconds} / ${t.worker.cpuUtilisation}`,
          ],
          [
            'Temporal server CPU (s) / CPU utilisation',
            `${t.temporalServer.cpuSeconds} / ${t.temporalServer.cpuUtilisation}`,
          ],
          // Older result files have no PostgreSQL figures.
          ...(t.postgres
            ? [
                [
                  'PostgreSQL CPU (s) / CPU utilisation',
                  `${t.postgres.cpuSeconds ?? 'n/a'} / ${t.postgres.cpuUtilisation ?? 'n/a'}`,
                ],
                ...Object.entries(t.postgres.perPayment).map(([role, c]) => [
                  `${role} database: connections opened / commits per payment`,
                  `${c.sessions} / ${c.commits}`,
                ]),
              ]
            : []),
        ],
      ),
    );
  }
  if (r.latency) {
    const l = r.latency;
    lines.push(
      `Latency of seeing treasury changes (model hours; time scale ${l.timeScale}×, ${l.pis} PIs on the ${l.calendar ?? 'fixed-delay'} timing model): platform (measured, ${l.platform.policy ?? 'default backoff'}) vs legacy cron (model)`,
      table(
        [
          'stage',
          'platform n',
          'platform p50',
          'platform p99',
          'closed-hours changes: n, p99 after opening',
          'cron p50',
          'cron p99',
        ],
        (['approval', 'advice', 'disbursement', 'returns'] as const).map((s) => [
          s,
          `${l.platform.lagHours[s].n}`,
          `${l.platform.lagHours[s].p50}`,
          `${l.platform.lagHours[s].p99}`,
          l.platform.hoursAfterOpening
            ? `${l.platform.hoursAfterOpening[s].n}, ${l.platform.hoursAfterOpening[s].p99}`
            : '–',
          `${l.cronModel.lagHours[s].p50}`,
          `${l.cronModel.lagHours[s].p99}`,
        ]),
      ),
      `treasury calls per PI: platform ${l.platform.treasuryCallsPerPi}${
        l.platform.treasuryCallsByService
          ? ` (${Object.entries(l.platform.treasuryCallsByService)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')})`
          : ''
      }, cron model ${l.cronModel.treasuryCallsPerPi}`,
    );
    // Older result files have no curve.
    if (l.curve) {
      const cell = (v: number | null) => (v === null ? '–' : `${v}`);
      lines.push(
        `Lag vs calls (computed: ${l.curve.pis} PIs drawn from the ${l.curve.calendar} timing model, each policy's own poll plan): p99 minutes, changes in working hours / closed-hours changes after the opening`,
        table(
          ['policy', 'calls / PI', 'approval', 'advice', 'disbursement', 'returns'],
          l.curve.points.map((p) => [
            p.policy,
            `${p.treasuryCallsPerPi}`,
            ...(['approval', 'advice', 'disbursement', 'returns'] as const).map(
              (s) => `${cell(p.p99LagMinutesInWorkingHours[s])} / ${cell(p.p99MinutesAfterOpening[s])}`,
            ),
          ]),
        ),
      );
    }
  }
  if (r.scale) {
    lines.push(
      'Scale: payments in flight waiting on the treasury',
      table(
        ['in flight', 'submit (s)', 'worker RSS (MB)', 'Temporal store (MB)', 'app DB (MB)', 'drain (s)'],
        r.scale.points.map((p) =>
          [p.inFlight, p.submitSeconds, p.workerRssMb, p.temporalStoreMb, p.appDatabaseMb, p.drainSeconds].map(String),
        ),
      ),
      `growth per payment from the smallest to the largest run (1 = linear): ${Object.entries(r.scale.growth)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
  }
  return lines.join('\n\n');
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** A bar chart (SVG, no dependencies): p50 lag per stage, platform next to the cron model, log scale. */
export function renderLatencyChart(l: LatencyResult): string {
  const stages = ['approval', 'advice', 'disbursement', 'returns'] as const;
  const width = 640;
  const height = 320;
  const left = 60;
  const bottom = 260;
  const maxLog = Math.log10(
    Math.max(48, ...stages.flatMap((s) => [l.platform.lagHours[s].p99, l.cronModel.lagHours[s].p99])) * 1.2,
  );
  const minLog = Math.log10(0.01);
  const y = (hours: number) =>
    bottom - ((Math.log10(Math.max(hours, 0.01)) - minLog) / (maxLog - minLog)) * (bottom - 30);
  const bars = stages.flatMap((s, i) => {
    const x = left + 20 + i * 140;
    const bar = (dx: number, value: number, colour: string) =>
      `<rect x="${x + dx}" y="${y(value).toFixed(1)}" width="40" height="${(bottom - y(value)).toFixed(1)}" fill="${colour}"/>` +
      `<text x="${x + dx + 20}" y="${(y(value) - 4).toFixed(1)}" font-size="11" text-anchor="middle">${value}</text>`;
    return [
      bar(0, l.platform.lagHours[s].p50, '#2f7d4f'),
      bar(45, l.cronModel.lagHours[s].p50, '#b5452f'),
      `<text x="${x + 42}" y="${bottom + 18}" font-size="12" text-anchor="middle">${s}</text>`,
    ];
  });
  const ticks = [0.01, 0.1, 1, 10, 100]
    .filter((t) => Math.log10(t) <= maxLog)
    .map(
      (t) =>
        `<line x1="${left}" x2="${width - 10}" y1="${y(t)}" y2="${y(t)}" stroke="#ddd"/><text x="${left - 6}" y="${y(t) + 4}" font-size="11" text-anchor="end">${t} h</text>`,
    );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="18" font-size="14" text-anchor="middle">Treasury change → recorded, p50 (model hours, log scale)</text>`,
    ...ticks,
    ...bars,
    `<rect x="${left + 10}" y="${height - 30}" width="12" height="12" fill="#2f7d4f"/><text x="${left + 28}" y="${height - 20}" font-size="12">platform (measured)</text>`,
    `<rect x="${left + 200}" y="${height - 30}" width="12" height="12" fill="#b5452f"/><text x="${left + 218}" y="${height - 20}" font-size="12">legacy cron schedules (model)</text>`,
    '</svg>',
  ].join('\n');
}
