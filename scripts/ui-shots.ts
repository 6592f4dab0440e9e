import { Client, Connection } from '@temporalio/client';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signToken } from '../api/auth';
import { loadConfig } from '../config';
import { paymentWorkflowId, ScheduleId } from '../contracts';
import { platformDataConverter } from '../security/data-converter';
import { freePort } from '../test/free-port';
import { launchChromium } from './lib/headless-chromium';

/**
 * `npm run ui-shots`: what treasury operations see in the Temporal Web UI, as PNGs under docs/ui/.
 * Starts a private platform (`scripts/platform.ts`) on free ports with its own data directory and
 * database, pushes three bills through the simulator (one paid, one with a dormant account, one the
 * SSU rejects), then photographs the payment list, a payment's Summary/Details panel and its history
 * with Debian's headless Chromium. Stops everything it started.
 */
const repoRoot = path.resolve(__dirname, '..');
const outDir = path.join(repoRoot, 'docs', 'ui');

async function main(): Promise<void> {
  const [temporalPort, uiPort, apiPort, simulatorPort, metricsPort] = await Promise.all(
    Array.from({ length: 5 }, () => freePort()),
  );
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ifms-ui-shots-'));
  const env: Record<string, string> = {
    TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
    TEMPORAL_UI_PORT: String(uiPort),
    API_PORT: String(apiPort),
    SIMULATOR_PORT: String(simulatorPort),
    TREASURY_BASE_URL: `http://127.0.0.1:${simulatorPort}`,
    WORKER_METRICS_PORT: String(metricsPort),
    DATA_DIR: dataDir,
    SIMULATOR_KEY_DIR: path.join(dataDir, 'simulator'),
    TREASURY_PUBLIC_KEY_FILE: path.join(dataDir, 'simulator', 'treasury-public.pem'),
    DATABASE_URL: `postgres://postgres@127.0.0.1:5432/ifms_ui_shots_${process.pid}`,
    LOG_LEVEL: 'warn',
  };
  const config = loadConfig({ ...process.env, ...env });
  const platform = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts/platform.ts')], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  // Interrupted, it still stops the platform it started.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void stop(platform).finally(() => process.exit(130)));
  }
  try {
    const api = `http://127.0.0.1:${apiPort}`;
    await until(() => fetch(`${api}/health`).then((r) => r.ok), 'the API to answer /health', 600_000);
    const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
    // Memos and payloads are encrypted: the client decodes them with the platform's key ring.
    const client = new Client({
      connection,
      namespace: config.temporal.namespace,
      dataConverter: platformDataConverter(config.payloads),
    });
    const token = `Bearer ${await signToken(config.api.jwtSecret, { sub: 'ops', tenants: ['od.angul'], roles: ['TREASURY_OPS'] })}`;
    // Money first: a bill that finds no funds waits for the next allotment, which may be a while.
    await client.schedule.getHandle(ScheduleId.fundsSync).trigger();
    const available = async () => {
      const register = (await (
        await fetch(`${api}/api/v1/funds/register`, { headers: { authorization: token } })
      ).json()) as { sanctions?: Array<{ availablePaise: number }> };
      return (register.sanctions ?? []).some((s) => s.availablePaise > 1_000_000_00);
    };
    await until(available, 'the funds sync to bring od.angul its allotments', 300_000);
    const bills = await submitBills(api, config.api.jwtSecret);
    const statusOf = async (bill: string) =>
      (
        (await (
          await fetch(`${api}/api/v1/payments/${encodeURIComponent(bill)}`, { headers: { authorization: token } })
        ).json()) as { status?: string }
      ).status;
    await until(async () => (await statusOf(bills.paid)) === 'PAID', `${bills.paid} PAID`, 600_000);
    await until(async () => (await statusOf(bills.rejected)) === 'FAILED', `${bills.rejected} FAILED`, 600_000);
    // The bank's return comes with a later failure sweep; the panels do not depend on it.
    const returned = async () => ['PARTIAL', 'FAILED'].includes((await statusOf(bills.dormant)) ?? '');
    await until(returned, `${bills.dormant} returned`, 300_000).catch(() =>
      console.warn(`${bills.dormant} not returned yet; photographing it as it is`),
    );

    const ui = `http://127.0.0.1:${uiPort}/namespaces/${config.temporal.namespace}`;
    const runOf = async (bill: string) => {
      const workflowId = paymentWorkflowId('od.angul', bill);
      return `${ui}/workflows/${encodeURIComponent(workflowId)}/${(await client.workflow.getHandle(workflowId).describe()).runId}`;
    };
    const list = `WorkflowType IN ("paymentWorkflow", "paymentInstructionWorkflow") AND TenantId = "od.angul"`;
    const browser = await launchChromium();
    try {
      const shoot = async (url: string, file: string, height: number, waitForText: string) => {
        await browser.shoot(url, path.join(outDir, file), { width: 1600, height, waitForText });
        console.log(`docs/ui/${file}  ←  ${url}`);
      };
      await shoot(`${ui}/workflows?query=${encodeURIComponent(list)}`, 'payment-list.png', 900, bills.dormant);
      await shoot(`${await runOf(bills.dormant)}/user-metadata`, 'payment-summary.png', 1000, 'Summary');
      await shoot(`${await runOf(bills.paid)}/history`, 'payment-history.png', 2000, 'instructionReport');
    } finally {
      await browser.close();
    }
    await connection.close();
  } finally {
    await stop(platform);
    rmSync(dataDir, { recursive: true, force: true });
    spawnSync(
      'psql',
      ['-h', '127.0.0.1', '-U', 'postgres', '-c', `DROP DATABASE IF EXISTS ifms_ui_shots_${process.pid}`],
      { stdio: 'ignore' },
    );
  }
}

/** Three bills for od.angul: paid, one payee's account dormant (returned by the bank), rejected by the SSU. */
async function submitBills(api: string, secret: string) {
  const stamp = Date.now().toString(36).toUpperCase();
  const bills = { paid: `UI-${stamp}-PAID`, dormant: `UI-${stamp}-DORMANT`, rejected: `UI-${stamp}-REJECT` };
  const employee = `Bearer ${await signToken(secret, { sub: 'asha@od.angul', tenants: ['od.angul'], roles: ['EMPLOYEE'] })}`;
  const payee = (account: string, amountPaise: number, n: number) => ({
    name: `Payee ${n}`,
    accountNumber: account,
    ifsc: 'SBIN0000041',
    amountPaise,
    type: 'IND',
    mobile: '9000000000',
    lineItemIds: [`LI-${n}`],
  });
  const accounts: Record<string, string[]> = {
    paid: ['100000000011', '100000000012'],
    dormant: ['100000000021', '100000000998'],
    rejected: ['100000000031'],
  };
  for (const [kind, bill] of Object.entries(bills)) {
    const res = await fetch(`${api}/api/v1/payments`, {
      method: 'POST',
      headers: { authorization: employee, 'content-type': 'application/json', 'idempotency-key': bill },
      body: JSON.stringify({
        billNumber: bill,
        beneficiaries: accounts[kind]!.map((a, i) => payee(a, 12_345_67 + i * 500_00, i + 1)),
      }),
    });
    if (res.status !== 202) throw new Error(`submitting ${bill}: HTTP ${res.status} ${await res.text()}`);
  }
  return bills;
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/** Ctrl-C for the supervisor (it stops its children, Temporal last); its whole group if it lingers. */
async function stop(platform: ChildProcess): Promise<void> {
  if (platform.exitCode !== null || !platform.pid) return;
  const exited = new Promise<void>((resolve) => platform.once('exit', () => resolve()));
  platform.kill('SIGINT');
  const timer = setTimeout(() => process.kill(-platform.pid!, 'SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
