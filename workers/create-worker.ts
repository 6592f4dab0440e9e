import path from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { TaskQueue } from '../contracts';
import { definedOnly } from '../lib/defined-only';

export interface CreateWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  deps: ActivityDeps;
  /** The platform's payload encryption (`security/data-converter.ts`); every worker has it. */
  dataConverter: DataConverter;
  taskQueue?: string;
  /** A prebuilt bundle (tests, production); without one the worker bundles `workflows/` at start. */
  workflowBundlePath?: string;
  tuning?: Pick<
    WorkerOptions,
    'maxCachedWorkflows' | 'maxConcurrentActivityTaskExecutions' | 'maxConcurrentWorkflowTaskExecutions'
  >;
}

/** The folder, not a file: webpack resolves its index under tsx, vitest and compiled JavaScript alike. */
export function workflowsPath(): string {
  return path.join(__dirname, '..', 'workflows');
}

export async function createWorker(options: CreateWorkerOptions): Promise<Worker> {
  const workflowSource = options.workflowBundlePath
    ? { workflowBundle: { codePath: options.workflowBundlePath } }
    : { workflowsPath: workflowsPath() };
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    dataConverter: options.dataConverter,
    taskQueue: options.taskQueue ?? TaskQueue.payments,
    activities: createActivities(options.deps),
    ...workflowSource,
    // Unset tuning values must not override the SDK's defaults with `undefined`.
    ...definedOnly(options.tuning ?? {}),
  });
}
