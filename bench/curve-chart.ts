import type { CurvePoint } from './poll-curve';

/** The slowest stage's p99 lag in working hours, in minutes: the figure the 5-minute goal is about. */
export const worstWorkingHoursLag = (p: CurvePoint): number =>
  Math.max(...Object.values(p.p99LagMinutesInWorkingHours).filter((l): l is number => l !== null));

/**
 * The lag-vs-calls curve as an SVG scatter (log–log, no dependencies): treasury calls per PI against
 * the slowest stage's p99 lag, with the goal (5 minutes, 300 calls) drawn in.
 */
export function renderCurveChart(points: CurvePoint[]): string {
  const width = 1000;
  const height = 380;
  const [left, right, top, bottom] = [70, 660, 40, height - 60];
  const logX = (calls: number) => Math.log10(Math.max(1, calls));
  const logY = (minutes: number) => Math.log10(Math.max(0.5, minutes));
  const [minX, maxX, minY, maxY] = [0, 4.3, logY(0.5), logY(3_000)];
  const x = (calls: number) => left + ((logX(calls) - minX) / (maxX - minX)) * (right - left);
  const y = (minutes: number) => bottom - ((logY(minutes) - minY) / (maxY - minY)) * (bottom - top);
  const grid = [
    ...[1, 10, 100, 1_000, 10_000].map(
      (c) =>
        `<line x1="${x(c)}" x2="${x(c)}" y1="${top}" y2="${bottom}" stroke="#eee"/><text x="${x(c)}" y="${bottom + 16}" font-size="11" text-anchor="middle">${c}</text>`,
    ),
    ...[1, 5, 60, 1_440].map(
      (m) =>
        `<line x1="${left}" x2="${right}" y1="${y(m)}" y2="${y(m)}" stroke="#eee"/><text x="${left - 6}" y="${y(m) + 4}" font-size="11" text-anchor="end">${m < 60 ? `${m} min` : `${m / 60} h`}</text>`,
    ),
  ];
  const goal = [
    `<line x1="${left}" x2="${right}" y1="${y(5)}" y2="${y(5)}" stroke="#2f7d4f" stroke-dasharray="4 3"/>`,
    `<line x1="${x(300)}" x2="${x(300)}" y1="${top}" y2="${bottom}" stroke="#2f7d4f" stroke-dasharray="4 3"/>`,
    `<text x="${x(300) + 4}" y="${top + 12}" font-size="11" fill="#2f7d4f">goal: ≤ 5 min at ≤ 300 calls</text>`,
  ];
  const dots = points.map((p, i) => {
    const [cx, cy] = [x(p.treasuryCallsPerPi), y(worstWorkingHoursLag(p))];
    const colour = p.policy.startsWith('calendar') ? '#2f7d4f' : p.policy.startsWith('legacy') ? '#b5452f' : '#4a64a8';
    // Numbered dots and a legend beside the plot: neighbouring policies' labels would overlap.
    return (
      `<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="5" fill="${colour}"/>` +
      `<text x="${(cx + 7).toFixed(1)}" y="${(cy - 5).toFixed(1)}" font-size="11">${i + 1}</text>` +
      `<text x="${right + 16}" y="${top + 16 + i * 18}" font-size="11" fill="${colour}">${i + 1}. ${p.policy}: ${p.treasuryCallsPerPi} calls, ${worstWorkingHoursLag(p)} min</text>`
    );
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="20" font-size="14" text-anchor="middle">Poll policies: treasury calls per PI vs slowest stage's p99 lag in working hours (log–log)</text>`,
    ...grid,
    ...goal,
    ...dots,
    `<text x="${(left + right) / 2}" y="${height - 20}" font-size="12" text-anchor="middle">treasury calls per PI lifecycle (incl. 30 days of listening for returns)</text>`,
    '</svg>',
  ].join('\n');
}
