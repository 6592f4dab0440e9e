import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { workflowsPath } from './create-worker';

/** Bundles `workflows/` once; a stray Node import in workflow code fails here rather than at worker start. */
export async function buildWorkflowBundle(outFile: string): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath: workflowsPath(), logger: quietLogger });
  await mkdir(path.dirname(outFile), { recursive: true });
  await writeFile(outFile, code);
  return outFile;
}

const noop = () => undefined;
const quietLogger = { trace: noop, debug: noop, info: noop, warn: console.warn, error: console.error, log: noop };

if (require.main === module) {
  const out = process.argv[2] ?? 'dist/workflow-bundle.js';
  buildWorkflowBundle(out)
    .then((file) => console.log(`workflow bundle written to ${file}`))
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
