import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { createApp } from '../api/app';
import { apiSettings } from '../api/context';
import { startPayment } from '../api/temporal/start-payment';
import { exitCleanlyOnSignals, startBenchPlatform } from '../bench/lib/platform';
import { loadConfig } from '../config';
import { DEFAULT_LIFECYCLE_POLICY, mergePolicy } from '../config/lifecycle-policy';
import { paymentStateQuery, paymentWorkflowId } from '../contracts';
import { freePort } from '../test/free-port';
import { HEADLESS_CHROMIUM_FLAGS } from './lib/headless-chromium';

const run = promisify(execFile);
const repoRoot = path.join(__dirname, '..');
const OUT = path.join(repoRoot, 'docs', 'web-ui-decoded.png');
const CHROMIUM_FLAGS = [
  ...HEADLESS_CHROMIUM_FLAGS,
  '--window-size=1440,1400',
  // The UI is a single-page app: give its history and codec requests time before the shot.
  '--virtual-time-budget=30000',
];
const QUICK = mergePolicy(DEFAULT_LIFECYCLE_POLICY, {
  sanction: { initialIntervalMs: 100, maximumIntervalMs: 1_000, deadlineMs: 600_000 },
  advice: { initialIntervalMs: 100, maximumIntervalMs: 1_000, deadlineMs: 600_000 },
  disbursement: { initialIntervalMs: 100, maximumIntervalMs: 1_000, deadlineMs: 600_000 },
  returnsWindowMs: 0,
});

/**
 * `npm run codec-screenshot`: a private platform (Temporal dev server with its Web UI pointed at our
 * codec server, a fresh database, the simulator, a worker process, the API) pays one bill, then
 * headless Chromium opens the payment's history in the Web UI and saves docs/web-ui-decoded.png:
 * the encrypted payloads shown decoded, through the loopback development exemption.
 */
async function main(): Promise<void> {
  exitCleanlyOnSignals();
  const [apiPort, uiPort] = [await freePort(), await freePort()];
  const ui = `http://127.0.0.1:${uiPort}`;
  const platform = await startBenchPlatform({
    label: 'codec-shot',
    allottedPaise: 10_00_000_00,
    simulator: { delays: { ssuApprovalDelayMs: 200, adviceDelayMs: 200, disbursementDelayMs: 200, returnDelayMs: 0 } },
    ui: { port: uiPort, codecEndpoint: `http://127.0.0.1:${apiPort}/codec` },
  });
  const config = loadConfig({ NODE_ENV: 'test', CODEC_CORS_ORIGINS: ui, TEMPORAL_NAMESPACE: platform.namespace });
  const app = createApp({
    temporal: platform.client,
    db: platform.db,
    log: pino({ level: 'info' }),
    settings: apiSettings(config),
    taskQueue: platform.taskQueue,
    healthChecks: {},
  });
  const server = app.listen(apiPort, '127.0.0.1');
  try {
    await platform.startWorker();
    const bill = 'MUKTA/000182/2026-27';
    const workflowId = paymentWorkflowId(platform.tenant.tenantId, bill);
    await startPayment(
      platform.client,
      {
        tenantId: platform.tenant.tenantId,
        billNumber: bill,
        beneficiaries: [
          {
            name: 'Sunita Pradhan',
            accountNumber: '100000000731',
            ifsc: 'SBIN0000041',
            amountPaise: 12_345_67,
            type: 'IND',
            mobile: '9437012345',
            address: 'Plot 731, Talcher',
            lineItemIds: ['LI-1'],
          },
        ],
        submittedAt: new Date().toISOString(),
        submittedBy: 'asha@od.angul',
        policy: QUICK,
      },
      platform.taskQueue,
    );
    const handle = platform.client.workflow.getHandle(workflowId);
    for (let i = 0; (await handle.query(paymentStateQuery)).status !== 'PAID'; i += 1) {
      if (i > 600) throw new Error('the bill did not reach PAID within 5 minutes');
      await new Promise((r) => setTimeout(r, 500));
    }
    const { runId } = await handle.describe();
    const page = `${ui}/namespaces/${platform.namespace}/workflows/${encodeURIComponent(workflowId)}/${runId}/history`;
    const chromium = process.env.CHROMIUM ?? 'chromium';
    await run(chromium, [...CHROMIUM_FLAGS, `--screenshot=${OUT}`, page], { timeout: 120_000 });
    console.log(
      `wrote ${path.relative(repoRoot, OUT)} from ${page} (API on port ${(server.address() as AddressInfo).port})`,
    );
  } finally {
    server.close();
    await platform.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
