import { TreasuryCancelledError, TreasuryTimeoutError, TreasuryTransportError, type TreasuryOperation } from './errors';

export interface HttpAnswer {
  status: number;
  body: string;
}

export interface PostOptions {
  fetch: typeof fetch;
  url: string;
  headers: Record<string, string>;
  body: string;
  operation: TreasuryOperation;
  timeoutMs: number;
  /** The caller's cancellation (e.g. the activity's cancellation signal). */
  signal?: AbortSignal;
}

/**
 * One HTTP POST with a hard deadline that covers headers and body, so a server that stalls mid-body
 * cannot hold an activity slot. Every failure leaves as a typed treasury error: the deadline as a
 * timeout, everything else the network can do (refused, reset, truncated stream) as transport.
 */
export async function postJson(options: PostOptions): Promise<HttpAnswer> {
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
  try {
    const response = await options.fetch(options.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...options.headers },
      body: options.body,
      signal,
    });
    // UTF-8 explicitly: never let a default charset decide how Odia names come back.
    const body = new TextDecoder('utf-8').decode(await response.arrayBuffer());
    return { status: response.status, body };
  } catch (err) {
    if (deadline.aborted) throw new TreasuryTimeoutError(options.operation, options.timeoutMs);
    if (options.signal?.aborted) throw new TreasuryCancelledError('cancelled by the caller', options.operation);
    throw new TreasuryTransportError(`network error (${describeNetworkError(err)})`, options.operation, {
      cause: err,
    });
  }
}

/** The useful part of undici's "fetch failed": the socket error code, never the request. */
function describeNetworkError(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message.slice(0, 80);
  return err instanceof Error ? err.message.slice(0, 80) : 'unknown';
}
