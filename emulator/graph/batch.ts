/**
 * JSON batching (docs/graph-facts.md §5): POST /v1.0/$batch with at most 20 requests,
 * unique ids, a Content-Type for every body, `dependsOn` ordering with 424 for
 * failed dependencies. Inner requests run through the same pipeline (each counted
 * and throttled on its own), at most 4 unordered ones at once. The envelope is 200
 * whenever the batch parses; items may come back in any order.
 */
import type { Context, Hono } from 'hono';
import type { AppEnv, EmulatorCore } from '../core';
import { badRequest } from '../errors';
import { readJson } from './http';

const MAX_REQUESTS = 20;
const MAX_PARALLEL = 4;
const PASSED_HEADERS = ['content-type', 'retry-after', 'location', 'etag', 'preference-applied'];

interface BatchItem {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}

interface BatchResult {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

export function registerBatchRoutes(app: Hono<AppEnv>, core: EmulatorCore): void {
  app.post('/v1.0/$batch', async (c) => {
    const items = validateBatch(await readJson(c));
    const results = await runBatch(items, (item) => executeItem(app, core, c, item));
    return c.json({ responses: results });
  });
}

function validateBatch(raw: unknown): BatchItem[] {
  const requests = (raw as { requests?: unknown })?.requests;
  if (!Array.isArray(requests)) throw badRequest("The batch request must contain a 'requests' array.", 'BadRequest');
  if (requests.length > MAX_REQUESTS) throw badRequest(`The number of batch requests exceeds the limit of ${MAX_REQUESTS}.`, 'BadRequest');
  const seen = new Set<string>();
  for (const item of requests as BatchItem[]) {
    if (!item || typeof item.id !== 'string' || typeof item.method !== 'string' || typeof item.url !== 'string') {
      throw badRequest('Each batch request needs an id, a method and a url.', 'BadRequest');
    }
    if (seen.has(item.id)) throw badRequest(`Batch request ids must be unique; '${item.id}' is repeated.`, 'BadRequest');
    for (const dep of item.dependsOn ?? []) {
      if (!seen.has(dep)) throw badRequest(`Request '${item.id}' depends on '${dep}', which is not an earlier request of the batch.`, 'BadRequest');
    }
    seen.add(item.id);
    const hasContentType = Object.keys(item.headers ?? {}).some((h) => h.toLowerCase() === 'content-type');
    if (item.body !== undefined && !hasContentType) throw badRequest(`Request '${item.id}' has a body but no Content-Type header.`, 'BadRequest');
  }
  return requests as BatchItem[];
}

async function runBatch(items: BatchItem[], execute: (item: BatchItem) => Promise<BatchResult>): Promise<BatchResult[]> {
  const completed: BatchResult[] = [];
  const byId = new Map<string, Promise<BatchResult>>();
  const gate = semaphore(MAX_PARALLEL);
  for (const item of items) {
    const promise = (async () => {
      const deps = await Promise.all((item.dependsOn ?? []).map((d) => byId.get(d)!));
      const result = deps.some((d) => d.status >= 400) ? failedDependency(item) : await gate(() => execute(item));
      completed.push(result);
      return result;
    })();
    byId.set(item.id, promise);
  }
  await Promise.all(byId.values());
  return completed;
}

function failedDependency(item: BatchItem): BatchResult {
  return {
    id: item.id,
    status: 424,
    headers: { 'Content-Type': 'application/json' },
    body: { error: { code: 'FailedDependency', message: 'A request this one depends on failed.' } },
  };
}

async function executeItem(app: Hono<AppEnv>, core: EmulatorCore, outer: Context<AppEnv>, item: BatchItem): Promise<BatchResult> {
  const relative = item.url.startsWith('/') ? item.url : `/${item.url}`;
  if (/^https?:/i.test(item.url) || relative.startsWith('/$batch')) {
    return { id: item.id, status: 400, headers: { 'Content-Type': 'application/json' }, body: { error: { code: 'BadRequest', message: 'Invalid request URL in batch.' } } };
  }
  const headers = new Headers(item.headers ?? {});
  headers.set('authorization', outer.req.header('authorization') ?? '');
  const body = item.body === undefined ? undefined : typeof item.body === 'string' ? item.body : JSON.stringify(item.body);
  const response = await app.fetch(new Request(`${core.baseUrl()}/v1.0${relative}`, { method: item.method.toUpperCase(), headers, body }));
  return toBatchResult(item.id, response);
}

async function toBatchResult(id: string, response: Response): Promise<BatchResult> {
  const headers: Record<string, string> = {};
  for (const name of PASSED_HEADERS) {
    const value = response.headers.get(name);
    if (value) headers[name === 'content-type' ? 'Content-Type' : name === 'retry-after' ? 'Retry-After' : name] = value;
  }
  const result: BatchResult = { id, status: response.status, headers };
  const buffer = Buffer.from(await response.arrayBuffer());
  if (buffer.length === 0) return result;
  const isJson = (response.headers.get('content-type') ?? '').includes('json');
  result.body = isJson ? JSON.parse(buffer.toString('utf8')) : buffer.toString('base64');
  return result;
}

function semaphore(limit: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else active += 1;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active -= 1;
    }
  };
}
