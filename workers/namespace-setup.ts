import { Connection } from '@temporalio/client';
import {
  encodeSearchAttributeIndexedValueType,
  type SearchAttributeKey,
  type SearchAttributeType,
} from '@temporalio/common/lib/search-attributes';
import { msToTs } from '@temporalio/common/lib/time';
import type { temporal } from '@temporalio/proto';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { ALL_SEARCH_ATTRIBUTES } from '../contracts';

export interface NamespaceSetup {
  namespace: string;
  retentionDays: number;
  searchAttributes?: SearchAttributeKey<SearchAttributeType>[];
}

/**
 * Makes the namespace ready, idempotently, on every start: registered if missing, retention set
 * (the dev server's default of 24 h would delete closed histories auditors need), and every custom
 * search attribute added (`--search-attribute` only applies when the namespace is first created).
 */
export async function ensureNamespace(connection: Connection, setup: NamespaceSetup): Promise<void> {
  const retention = msToTs(`${setup.retentionDays} days`);
  const svc = connection.workflowService;
  try {
    await svc.registerNamespace({ namespace: setup.namespace, workflowExecutionRetentionPeriod: retention });
  } catch (err) {
    if ((err as { code?: number }).code !== GrpcStatus.ALREADY_EXISTS) throw err;
    await svc.updateNamespace({
      namespace: setup.namespace,
      config: { workflowExecutionRetentionTtl: retention },
    });
  }
  const wanted = setup.searchAttributes ?? ALL_SEARCH_ATTRIBUTES;
  const existing = await connection.operatorService.listSearchAttributes({ namespace: setup.namespace });
  const missing = wanted.filter((k) => !(k.name in (existing.customAttributes ?? {})));
  if (missing.length === 0) return;
  const searchAttributes: Record<string, temporal.api.enums.v1.IndexedValueType> = {};
  for (const key of missing) {
    const indexed = encodeSearchAttributeIndexedValueType(key.type);
    if (indexed === undefined) throw new Error(`unsupported search attribute type ${key.type}`);
    searchAttributes[key.name] = indexed;
  }
  await connection.operatorService.addSearchAttributes({ namespace: setup.namespace, searchAttributes });
}

/** Waits until the frontend answers, for freshly started servers. */
export async function connectWithRetry(address: string, timeoutMs = 60_000): Promise<Connection> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2_000 });
      await connection.healthService.check({});
      return connection;
    } catch (err) {
      if (Date.now() > deadline)
        throw new Error(`Temporal at ${address} did not answer within ${timeoutMs} ms: ${String(err)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
