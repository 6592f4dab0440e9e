import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { resolveTemporalCli } from '../scripts/lib/temporal-dev-server';
import { openIntegrationEnv } from '../test/integration-env';
import { ODISHA_2026 } from '../calendar/odisha-2026';
import { calendarStagePlanSchema } from '../calendar/poll-plan';
import { sweepScheduleSpec } from '../calendar/sweep-spec';
import { upsertSchedule, type DescribedSchedule } from './schedules';

const run = promisify(execFile);
let env: Awaited<ReturnType<typeof openIntegrationEnv>>;
let scheduleId: string;

const schedule = (everyMs: number): DescribedSchedule => ({
  scheduleId,
  // Hourly, on a queue no worker polls: the test is about the Schedule, not its runs.
  spec: { intervals: [{ every: everyMs }] },
  action: {
    type: 'startWorkflow',
    workflowType: 'fundsSyncAllWorkflow',
    taskQueue: `${scheduleId}-nobody`,
    args: [{}],
    workflowId: `${scheduleId}-run`,
  },
  description: 'VA: fetch allotments (test)',
});

/** The pinned CLI, as an operator following the README runs it. */
const temporal = (...args: string[]) =>
  run(resolveTemporalCli(path.resolve(__dirname, '..')), [
    ...args,
    '--address',
    inject('temporalAddress'),
    '--namespace',
    inject('temporalNamespace'),
  ]);

beforeAll(async () => {
  env = await openIntegrationEnv();
  scheduleId = env.uniqueTaskQueue('schedule-notes');
});
afterAll(async () => {
  await env?.client.schedule
    .getHandle(scheduleId)
    .delete()
    .catch(() => undefined);
  await env?.close();
});

describe('schedule descriptions and notes', () => {
  it('shows the description as the note, in the memo and on every run it starts', async () => {
    await upsertSchedule(env.client, schedule(3_600_000));
    const d = await env.client.schedule.getHandle(scheduleId).describe();
    expect(d.state.note).toBe('VA: fetch allotments (test)');
    expect(d.memo).toEqual({ summary: 'VA: fetch allotments (test)' });
    expect(d.action).toMatchObject({ type: 'startWorkflow', staticSummary: 'VA: fetch allotments (test)' });
  });

  it('keeps an operator’s pause and reason across worker restarts; the description stays in the memo', async () => {
    // The README's commands, with the pinned CLI (1.8.2 has no `schedule pause`).
    await expect(temporal('schedule', 'pause', '--schedule-id', scheduleId)).rejects.toThrow();
    await temporal('schedule', 'toggle', '--schedule-id', scheduleId, '--pause', '--reason', 'treasury maintenance');
    // A worker starting with a new interval brings the spec up to date and leaves the pause alone.
    await upsertSchedule(env.client, schedule(7_200_000));
    const paused = await env.client.schedule.getHandle(scheduleId).describe();
    expect(paused.state).toMatchObject({ paused: true, note: 'treasury maintenance' });
    expect(paused.memo).toEqual({ summary: 'VA: fetch allotments (test)' });
    expect(paused.spec.intervals).toEqual([expect.objectContaining({ every: 7_200_000 })]);
    const { stdout } = await temporal('schedule', 'describe', '--schedule-id', scheduleId, '-o', 'json');
    expect(stdout).toContain('treasury maintenance');
    await temporal('schedule', 'toggle', '--schedule-id', scheduleId, '--unpause', '--reason', 'maintenance over');
    const resumed = await env.client.schedule.getHandle(scheduleId).describe();
    expect(resumed.state).toMatchObject({ paused: false, note: 'maintenance over' });
    expect(resumed.memo).toEqual({ summary: 'VA: fetch allotments (test)' });
  });

  it('runs a calendar-planned sweep only in the return batch window, on IST working days', async () => {
    const plan = calendarStagePlanSchema.parse({
      changesAt: ['16:00'],
      batchWindowMs: 20 * 60_000,
      denseIntervalMs: 3 * 60_000,
      maximumDenseIntervalMs: 3 * 60_000,
    });
    const calendarOnly: DescribedSchedule = { ...schedule(3_600_000), spec: sweepScheduleSpec(ODISHA_2026, plan) };
    await upsertSchedule(env.client, calendarOnly);
    const d = await env.client.schedule.getHandle(scheduleId).describe();
    expect(d.spec.timezone).toBe('Asia/Kolkata');
    const next = d.info.nextActionTimes;
    expect(next.length).toBeGreaterThan(0);
    for (const at of next) {
      const istClock = new Date(at.getTime() + 330 * 60_000);
      expect(istClock.getUTCHours()).toBe(16);
      expect([1, 4, 7, 10, 13, 16, 19, 20]).toContain(istClock.getUTCMinutes());
      expect(istClock.getUTCDay()).not.toBe(0);
      expect(ODISHA_2026.holidays).not.toContain(istClock.toISOString().slice(0, 10));
    }
  });
});
