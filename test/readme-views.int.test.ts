import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIntegrationEnv } from './integration-env';

let env: Awaited<ReturnType<typeof openIntegrationEnv>>;
beforeAll(async () => {
  env = await openIntegrationEnv();
});
afterAll(() => env?.close());

/** The README's prebuilt Web UI views: `| [name](link?query=…) | `query` |` rows. */
const views = [
  ...readFileSync(path.resolve(__dirname, '..', 'README.md'), 'utf8').matchAll(
    /^\| \[([^\]]+)\]\(http:\/\/127\.0\.0\.1:8233\/namespaces\/ifms\/workflows\?query=([^)]+)\) \| `([^`]+)` \|$/gm,
  ),
].map(([, name, encoded, query]) => ({ name: name!, linkQuery: decodeURIComponent(encoded!), query: query! }));

describe("README's prebuilt views for operators", () => {
  it('are listed, and each link opens the query shown beside it', () => {
    expect(views.map((v) => v.name)).toEqual(
      expect.arrayContaining([
        'Needs a person',
        'Stuck at the treasury',
        'Awaiting funds',
        'Unconfirmed by the treasury',
        'One tenant',
      ]),
    );
    for (const v of views) expect(v.linkQuery, v.name).toBe(v.query);
  });

  it('name their workflow types, so schedule runs stay out', () => {
    for (const v of views) expect(v.query, v.name).toMatch(/WorkflowType (=|IN)/);
  });

  it('are queries this engine’s visibility store accepts', async () => {
    for (const v of views) {
      const listed = env.client.workflow.list({ query: v.query, pageSize: 1 });
      await expect(listed[Symbol.asyncIterator]().next(), v.name).resolves.toBeDefined();
    }
  });
});
