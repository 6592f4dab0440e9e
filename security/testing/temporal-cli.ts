import { execFile } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { inject } from 'vitest';
import { resolveTemporalCli } from '../../scripts/lib/temporal-dev-server';

/**
 * How the personal-data test looks at what Temporal stores: the pinned Temporal CLI against the test
 * server (`temporal workflow show/describe -o json`), and a search for personal details in what it
 * prints, base64-encoded payload data included.
 */
const run = promisify(execFile);
const cli = resolveTemporalCli(path.join(__dirname, '..', '..'));

/** What the CLI prints, plus every base64 string in it decoded: a plain JSON payload hides no detail. */
function readable(output: string): string {
  const decoded = [...output.matchAll(/"([A-Za-z0-9+/]{12,}={0,2})"/g)].map((m) =>
    Buffer.from(m[1]!, 'base64').toString('latin1'),
  );
  return [output, ...decoded].join('\n');
}
export const leaked = (output: string, secrets: string[]) => secrets.filter((s) => readable(output).includes(s));

async function temporal(...args: string[]): Promise<string> {
  const address = ['--address', inject('temporalAddress'), '-n', inject('temporalNamespace')];
  try {
    return (await run(cli, [...args, ...address, '-o', 'json'], { maxBuffer: 64 << 20 })).stdout;
  } catch (err) {
    // A refused codec call makes the CLI fail: what it printed before failing is what was shown.
    const e = err as { stdout?: string; stderr?: string };
    return `${e.stdout ?? ''}\n${e.stderr ?? ''}`;
  }
}
export const show = (workflowId: string, ...codec: string[]) =>
  temporal('workflow', 'show', '-w', workflowId, ...codec);
export const describeWorkflow = (workflowId: string) => temporal('workflow', 'describe', '-w', workflowId);

/** Resolves with the codec endpoint of an app once its server listens. */
export const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.once('listening', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/codec`)),
  );
