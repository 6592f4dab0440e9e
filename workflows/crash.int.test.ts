import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startPayment } from '../api/temporal/start-payment';
import { originalPiNumber } from '../contracts';
import { billNumber, openLifecycleEnv, payee, type LifecycleEnv } from '../test/lifecycle-env';
import { waitFor } from '../test/wait-for';

let env: LifecycleEnv;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'ifms-crash-'));
beforeAll(async () => {
  env = await openLifecycleEnv({ label: 'crash' });
});
afterAll(async () => {
  await env?.close();
});

const setFaults = (faults: Record<string, unknown>) =>
  fetch(`${env.simulator.url}/admin/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });

/** The real worker entry point (workers/main.ts) as its own process, pointed at this test's platform. */
function spawnWorker(taskQueue: string): ChildProcess {
  const publicKeyFile = path.join(tmp, 'treasury-public.pem');
  writeFileSync(publicKeyFile, env.simulator.publicKeyPem);
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(__dirname, '../workers/main.ts')], {
    env: {
      ...process.env,
      ...env.treasuryEnv,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_NAMESPACE: inject('temporalNamespace'),
      DATABASE_URL: inject('databaseUrl'),
      TREASURY_PUBLIC_KEY_FILE: publicKeyFile,
      WORKER_TASK_QUEUE: taskQueue,
      WORKER_CREATE_SCHEDULES: 'false',
      WORKER_METRICS_PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(path.join(tmp, 'worker.log'));
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}

describe('crash safety', () => {
  it('posts exactly one PI and books one debit when the worker is SIGKILLed while the post is in flight', async () => {
    const taskQueue = env.uniqueTaskQueue('crash');
    const bill = billNumber('crash');
    const piNumber = originalPiNumber(env.tenant.tenantId, bill, 1);
    // The treasury takes the PI but never answers: the post is in flight, its outcome unknown.
    await setFaults({ timeoutRate: 1, timeoutHoldMs: 120_000 });
    const worker = spawnWorker(taskQueue);
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    const handle = await startPayment(env.client, env.paymentInput(bill, [payee('100000000091', 1_234_56)]), taskQueue);

    await waitFor(
      async () => {
        const res = await fetch(`${env.simulator.url}/admin/received`);
        return ((await res.json()) as { PI: Record<string, number> }).PI[piNumber] === 1;
      },
      'the treasury to receive the PI',
      90_000,
    ).catch((err: unknown) => {
      throw new Error(
        `${String(err)}\nworker log:\n${readFileSync(path.join(tmp, 'worker.log'), 'utf8').slice(-3000)}`,
      );
    });
    expect((await env.db('payment_instructions').where({ pi_number: piNumber }).first()).status).toBe('POSTING');
    worker.kill('SIGKILL');
    await exited;
    await setFaults({ timeoutRate: 0 });

    // A fresh worker takes over once the dead one's attempt times out, and asks PIS before posting again.
    const replacement = await env.createWorker(taskQueue, { treasury: env.treasury });
    const final = await replacement.runUntil(handle.result());
    expect(final.status).toBe('PAID');
    const res = await fetch(`${env.simulator.url}/admin/received`);
    expect(((await res.json()) as { PI: Record<string, number> }).PI[piNumber]).toBe(1);
    const entries = await env.db('ledger_entries').where({ cause_key: `debit:${piNumber}` });
    expect(entries).toHaveLength(1);
    expect(entries[0].amount_paise).toBe(1_234_56);
  }, 180_000);
});
