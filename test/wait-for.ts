/**
 * Polls a condition (a read model row, a query) until it holds; for tests of asynchronous workflows.
 * On timeout, `explain` (if given) adds what the system looked like, so a failure says why.
 */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = 60_000,
  explain?: () => Promise<unknown>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) {
      const context = explain ? `\n${JSON.stringify(await explain().catch((e: unknown) => String(e)), null, 2)}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${context}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
