import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { platformDataConverter } from '../security/data-converter';
import { HISTORIES_DIR } from '../test/histories';
import { workflowsPath } from '../workers/create-worker';

const histories = readdirSync(HISTORIES_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((file) => ({
    workflowId: file.replace(/\.json$/, ''),
    history: JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8')) as unknown,
  }));

// Every committed history must replay against today's workflow code: a change that would break
// running workflows fails here, before it reaches a worker. New behaviour goes behind `patched()`.
describe('workflow determinism against committed histories', () => {
  it('has histories to replay', () => {
    expect(histories.length).toBeGreaterThan(0);
  });

  it('replays every committed history without a determinism error', async () => {
    // Histories recorded since payloads are encrypted need the test key ring (NODE_ENV=test, as recorded).
    const dataConverter = platformDataConverter(loadConfig({ NODE_ENV: 'test' }).payloads);
    const results = Worker.runReplayHistories({ workflowsPath: workflowsPath(), dataConverter }, histories);
    const failures: string[] = [];
    for await (const result of results) {
      if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it('catches an incompatible change (the check can fail)', async () => {
    const probe = histories.find((h) => h.workflowId === 'platform-probe');
    expect(probe).toBeDefined();
    await expect(
      Worker.runReplayHistory(
        { workflowsPath: path.join(__dirname, '..', 'test', 'nondeterministic-workflows') },
        probe!.history,
      ),
    ).rejects.toThrow(/[Nn]ondetermin/);
  }, 60_000);
});
