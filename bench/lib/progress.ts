/** A one-line progress bar on stderr (redrawn in place on a terminal, a line per 10 % otherwise). */
export function progress(label: string, total: number) {
  const tty = process.stderr.isTTY;
  let lastDecile = -1;
  const started = Date.now();
  return {
    update(done: number): void {
      const fraction = total === 0 ? 1 : Math.min(1, done / total);
      const elapsed = ((Date.now() - started) / 1000).toFixed(0);
      if (tty) {
        const width = 30;
        const bar = '#'.repeat(Math.round(fraction * width)).padEnd(width, '.');
        process.stderr.write(`\r${label} [${bar}] ${done}/${total} ${elapsed}s `);
        return;
      }
      const decile = Math.floor(fraction * 10);
      if (decile !== lastDecile) {
        lastDecile = decile;
        process.stderr.write(`${label}: ${done}/${total} after ${elapsed}s\n`);
      }
    },
    done(): void {
      if (tty) process.stderr.write('\n');
    },
  };
}

/** Runs `work` over `items` with at most `concurrency` in flight. */
export async function pool<T, R>(
  items: T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  });
  await Promise.all(lanes);
  return results;
}
