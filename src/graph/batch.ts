/**
 * JSON batching (docs/graph-facts.md §5): at most 20 requests per POST /$batch; the
 * envelope is 200 whenever it parses, so every item has its own status, headers,
 * body and Retry-After. Requests linked by dependsOn travel in the same batch.
 * Throttled items (429/503, and the 424s that depended on them) are retried after
 * the longest Retry-After when that wait is short; otherwise they come back as
 * they are, with retryAfterMs, for the caller to defer.
 */
import { GraphError, parseRetryAfter } from './errors';
import type { GraphHttp } from './http';

export const MAX_BATCH_REQUESTS = 20;
/** Graph runs at most 4 batch items against one mailbox at once. */
const BATCH_WEIGHT = 4;

export interface BatchRequest {
  id: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Relative to the version root, e.g. "/me/todo/lists/{id}/tasks". */
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}

export interface BatchItemResult<T = unknown> {
  id: string;
  status: number;
  headers: Record<string, string>;
  body: T;
  retryAfterMs?: number;
  /** Set when status >= 400. */
  error?: GraphError;
}

export interface BatchOptions {
  /** Rounds of retrying throttled items in-process (default 2). */
  throttleRetryRounds?: number;
  /** Longest in-process wait for a retry round (default 5 s). */
  maxInlineWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

interface RawItem {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** Sends any number of requests as batches of ≤ 20; results in request order. */
export async function sendBatch(http: GraphHttp, requests: BatchRequest[], options: BatchOptions = {}): Promise<BatchItemResult[]> {
  validateBatch(requests);
  const results = new Map<string, BatchItemResult>();
  for (const chunk of chunkBatch(requests)) {
    for (const r of await sendChunkWithRetries(http, chunk, options)) results.set(r.id, r);
  }
  return requests.map((r) => results.get(r.id)!);
}

async function sendChunkWithRetries(http: GraphHttp, chunk: BatchRequest[], options: BatchOptions): Promise<BatchItemResult[]> {
  const rounds = options.throttleRetryRounds ?? 2;
  const maxWait = options.maxInlineWaitMs ?? 5_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const results = new Map((await sendOneBatch(http, chunk)).map((r) => [r.id, r]));
  for (let round = 0; round < rounds; round++) {
    const retryIds = throttledIds(chunk, results);
    if (retryIds.size === 0) break;
    const waitMs = Math.max(...[...retryIds].map((id) => results.get(id)!.retryAfterMs ?? 500 * 2 ** round));
    if (waitMs > maxWait) break;
    await sleep(waitMs);
    const again = chunk
      .filter((r) => retryIds.has(r.id))
      .map((r) => ({ ...r, dependsOn: r.dependsOn?.filter((d) => retryIds.has(d)) }));
    for (const r of await sendOneBatch(http, again)) results.set(r.id, r);
  }
  return chunk.map((r) => results.get(r.id)!);
}

/** Throttled items plus the 424s that failed only because of them. */
function throttledIds(chunk: BatchRequest[], results: Map<string, BatchItemResult>): Set<string> {
  const ids = new Set(chunk.filter((r) => isThrottled(results.get(r.id)!.status)).map((r) => r.id));
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of chunk) {
      if (ids.has(r.id) || results.get(r.id)!.status !== 424) continue;
      if (r.dependsOn?.some((d) => ids.has(d))) {
        ids.add(r.id);
        grew = true;
      }
    }
  }
  return ids;
}

const isThrottled = (status: number) => status === 429 || status === 503;

async function sendOneBatch(http: GraphHttp, chunk: BatchRequest[]): Promise<BatchItemResult[]> {
  const body = { requests: chunk.map(toWireRequest) };
  const response = await http.send<{ responses?: RawItem[] }>({
    method: 'POST',
    url: '/$batch',
    body,
    weight: Math.min(BATCH_WEIGHT, chunk.length),
  });
  const byId = new Map((response.body?.responses ?? []).map((item) => [String(item.id), item]));
  return chunk.map((r) => toResult(r, byId.get(r.id)));
}

function toWireRequest(r: BatchRequest) {
  const headers = { ...r.headers };
  if (r.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json';
  }
  return {
    id: r.id,
    method: r.method,
    url: r.url,
    ...(Object.keys(headers).length ? { headers } : {}),
    ...(r.body !== undefined ? { body: r.body } : {}),
    ...(r.dependsOn?.length ? { dependsOn: r.dependsOn } : {}),
  };
}

function toResult(request: BatchRequest, item: RawItem | undefined): BatchItemResult {
  if (!item) {
    const error = new GraphError(502, 'missingBatchResponse', `No response for batch item ${request.id}`, { method: request.method });
    return { id: request.id, status: 502, headers: {}, body: undefined, error };
  }
  const headers = lowerCaseKeys(item.headers ?? {});
  const retryAfterMs = parseRetryAfter(headers['retry-after']);
  const result: BatchItemResult = { id: request.id, status: item.status, headers, body: item.body, retryAfterMs };
  if (item.status >= 400) result.error = itemError(request, item, headers, retryAfterMs);
  return result;
}

function itemError(request: BatchRequest, item: RawItem, headers: Record<string, string>, retryAfterMs?: number): GraphError {
  const err = (item.body as { error?: { code?: string; message?: string } } | undefined)?.error;
  return new GraphError(item.status, err?.code ?? `http_${item.status}`, err?.message ?? `Batch item answered ${item.status}`, {
    retryAfterMs,
    requestId: headers['request-id'],
    method: request.method,
    path: request.url.split('?')[0],
  });
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
}

/** Unique ids; dependsOn only names requests of the same call. */
export function validateBatch(requests: BatchRequest[]): void {
  const ids = new Set<string>();
  for (const r of requests) {
    if (ids.has(r.id)) throw new Error(`Duplicate batch request id "${r.id}"`);
    ids.add(r.id);
  }
  for (const r of requests) {
    for (const d of r.dependsOn ?? []) {
      if (!ids.has(d)) throw new Error(`Batch request "${r.id}" depends on unknown id "${d}"`);
    }
  }
}

/** Splits into batches of ≤ 20, keeping each dependsOn group in one batch. */
export function chunkBatch(requests: BatchRequest[]): BatchRequest[][] {
  const groups = dependencyGroups(requests);
  const chunks: BatchRequest[][] = [];
  let current: BatchRequest[] = [];
  for (const group of groups) {
    if (group.length > MAX_BATCH_REQUESTS) {
      throw new Error(`A dependsOn chain of ${group.length} requests does not fit one batch of ${MAX_BATCH_REQUESTS}`);
    }
    if (current.length + group.length > MAX_BATCH_REQUESTS) {
      chunks.push(current);
      current = [];
    }
    current.push(...group);
  }
  if (current.length) chunks.push(current);
  return chunks;
}

/** Connected components of the dependsOn graph, in first-appearance order. */
function dependencyGroups(requests: BatchRequest[]): BatchRequest[][] {
  const parent = new Map(requests.map((r) => [r.id, r.id]));
  const find = (id: string): string => {
    const p = parent.get(id)!;
    if (p === id) return id;
    const root = find(p);
    parent.set(id, root);
    return root;
  };
  for (const r of requests) for (const d of r.dependsOn ?? []) parent.set(find(r.id), find(d));
  const groups = new Map<string, BatchRequest[]>();
  for (const r of requests) {
    const root = find(r.id);
    groups.set(root, [...(groups.get(root) ?? []), r]);
  }
  return [...groups.values()];
}
