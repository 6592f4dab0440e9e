import { NativeConnection, Worker } from '@temporalio/worker';
import path from 'node:path';
import { loadConfig } from '../../config';
import { platformDataConverter } from '../../security/data-converter';
import { createFloorActivities } from './activities';

/**
 * The floor's worker process: same server, tuning variables and payload encryption as the platform's
 * worker (the bench client encrypts what it starts, and the floor should pay the codec's cost too).
 */
async function main(): Promise<void> {
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' });
  const tuning = (name: string): number | undefined => (process.env[name] ? Number(process.env[name]) : undefined);
  const worker = await Worker.create({
    connection,
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    dataConverter: platformDataConverter(loadConfig().payloads),
    taskQueue: process.env.FLOOR_TASK_QUEUE ?? 'bench-floor',
    workflowsPath: path.join(__dirname, 'workflows.ts'),
    activities: createFloorActivities(),
    maxCachedWorkflows: tuning('WORKER_MAX_CACHED_WORKFLOWS'),
    maxConcurrentActivityTaskExecutions: tuning('WORKER_MAX_CONCURRENT_ACTIVITIES'),
    maxConcurrentWorkflowTaskExecutions: tuning('WORKER_MAX_CONCURRENT_WORKFLOW_TASKS'),
  });
  console.log(JSON.stringify({ msg: 'worker started', taskQueue: worker.options.taskQueue }));
  await worker.run();
  await connection.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
