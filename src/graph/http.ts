/**
 * One Graph HTTP request: base URL and access token injected, the mailbox's
 * in-flight limit, a timeout, typed errors, and small retries:
 *  - reads (GET) retry on 429, 5xx and network errors;
 *  - writes retry only on explicit throttling (429 / 503): anything else may
 *    already have gone through;
 *  - a Retry-After is honoured exactly; exponential backoff only without one;
 *  - a wait longer than maxInlineWaitMs is not slept here: the GraphError
 *    (with retryAfterMs) goes up so the job can defer itself.
 * A 401 asks the token source once for a fresh token and tries again.
 */
import { GraphError, GraphNetworkError, graphErrorFrom } from './errors';
import { mailboxSemaphore, MAX_IN_FLIGHT_PER_MAILBOX } from './mailbox-limiter';

export type AccessTokenSource = (options?: { forceRefresh?: boolean }) => Promise<string>;

export interface GraphResponseEvent {
  method: string;
  /** Route template with ids replaced by {id} (safe as a metric label). */
  route: string;
  /** HTTP status, or 0 when the network failed. */
  status: number;
  durationMs: number;
  attempt: number;
  mailboxKey: string;
}

export interface GraphHttpOptions {
  /** e.g. https://graph.microsoft.com/v1.0 (or the emulator's `${url}/v1.0`). */
  baseUrl: string;
  getAccessToken: AccessTokenSource;
  /** Whose mailbox this is (microsoft account id): the in-flight limit is per key. */
  mailboxKey: string;
  fetch?: typeof fetch;
  /** Called after every HTTP attempt (metrics). Must not throw. */
  onResponse?: (event: GraphResponseEvent) => void;
  maxInFlight?: number;
  /** Retries after the first attempt (default 3). */
  maxRetries?: number;
  /** Longest wait slept in-process before a retry (default 5 s). */
  maxInlineWaitMs?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface GraphRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Path under the base URL ("/me/todo/lists") or an absolute nextLink/deltaLink. */
  url: string;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  body?: unknown;
  /** Slots of the mailbox limit this request takes ($batch takes more). */
  weight?: number;
}

export interface GraphResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface GraphHttp {
  readonly baseUrl: string;
  readonly mailboxKey: string;
  send<T = unknown>(request: GraphRequest): Promise<GraphResponse<T>>;
}

const DEFAULTS = { maxRetries: 3, maxInlineWaitMs: 5_000, timeoutMs: 30_000 };
const BACKOFF_BASE_MS = 250;

export function createGraphHttp(options: GraphHttpOptions): GraphHttp {
  const base = new URL(options.baseUrl.replace(/\/+$/, '') + '/');
  const settings = { ...DEFAULTS, ...definedOnly(options) };
  const doFetch = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const semaphore = mailboxSemaphore(options.mailboxKey, options.maxInFlight ?? MAX_IN_FLIGHT_PER_MAILBOX);

  async function attempt<T>(request: GraphRequest, url: URL, token: string, attemptNo: number): Promise<GraphResponse<T>> {
    const release = await semaphore.acquire(request.weight ?? 1);
    const started = performance.now();
    let status = 0;
    try {
      const response = await doFetch(url, {
        method: request.method,
        headers: buildHeaders(request, token),
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(settings.timeoutMs),
        redirect: 'manual',
      });
      status = response.status;
      const text = await response.text();
      if (response.status >= 400) throw graphErrorFrom(response, text, { method: request.method, path: url.pathname });
      return { status: response.status, headers: response.headers, body: (text ? safeJson(text) : undefined) as T };
    } catch (error) {
      if (error instanceof GraphError) throw error;
      throw new GraphNetworkError(`${request.method} ${url.pathname} failed: ${(error as Error).message}`, { cause: error });
    } finally {
      release();
      options.onResponse?.({
        method: request.method,
        route: routeTemplate(url.pathname, base.pathname),
        status,
        durationMs: performance.now() - started,
        attempt: attemptNo,
        mailboxKey: options.mailboxKey,
      });
    }
  }

  async function send<T>(request: GraphRequest): Promise<GraphResponse<T>> {
    const url = resolveUrl(base, request);
    let token = await options.getAccessToken();
    let refreshedAfter401 = false;
    for (let attemptNo = 0; ; attemptNo++) {
      try {
        return await attempt<T>(request, url, token, attemptNo);
      } catch (error) {
        if (error instanceof GraphError && error.status === 401 && !refreshedAfter401) {
          refreshedAfter401 = true;
          token = await options.getAccessToken({ forceRefresh: true });
          continue;
        }
        const waitMs = retryDelayMs(error, request.method, attemptNo, settings);
        if (waitMs === undefined) throw error;
        await sleep(waitMs);
      }
    }
  }

  return { baseUrl: base.href.replace(/\/$/, ''), mailboxKey: options.mailboxKey, send };
}

/** How long to wait before retrying, or undefined when the error goes up as is. */
export function retryDelayMs(
  error: unknown,
  method: string,
  attemptNo: number,
  settings: { maxRetries: number; maxInlineWaitMs: number },
): number | undefined {
  if (attemptNo >= settings.maxRetries) return undefined;
  const isRead = method === 'GET';
  let retryable = false;
  let retryAfterMs: number | undefined;
  if (error instanceof GraphNetworkError) {
    retryable = isRead;
  } else if (error instanceof GraphError) {
    retryAfterMs = error.retryAfterMs;
    retryable = error.isThrottled || (isRead && error.status >= 500);
  }
  if (!retryable) return undefined;
  const wait = retryAfterMs ?? backoffMs(attemptNo);
  return wait <= settings.maxInlineWaitMs ? wait : undefined;
}

function backoffMs(attemptNo: number): number {
  const exp = BACKOFF_BASE_MS * 2 ** attemptNo;
  return Math.round(exp / 2 + Math.random() * (exp / 2));
}

function buildHeaders(request: GraphRequest, token: string): Record<string, string> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json', ...request.headers };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  return headers;
}

/**
 * Resolves a path or an absolute nextLink/deltaLink. Absolute URLs must point at
 * the configured Graph host: the access token is never sent anywhere else.
 */
export function resolveUrl(base: URL, request: Pick<GraphRequest, 'url' | 'query'>): URL {
  const url = /^https?:\/\//i.test(request.url) ? new URL(request.url) : new URL(request.url.replace(/^\/+/, ''), base);
  if (url.origin !== base.origin) {
    throw new GraphError(400, 'foreignLink', `Refusing to call ${url.origin}: not the configured Graph host`, {
      path: url.pathname,
    });
  }
  for (const [k, v] of Object.entries(request.query ?? {})) {
    if (v !== undefined) url.searchParams.set(k, String(v));
  }
  return url;
}

/** "/v1.0/me/todo/lists/AAMk.../tasks" → "/me/todo/lists/{id}/tasks". */
export function routeTemplate(pathname: string, basePath = '/'): string {
  const rel = pathname.startsWith(basePath) ? '/' + pathname.slice(basePath.length) : pathname;
  const parts = rel.split('/').map((segment, i, all) => {
    const parent = all[i - 1];
    return parent && ID_PARENTS.has(parent) && !ROUTE_WORDS.has(segment) ? '{id}' : segment;
  });
  return parts.join('/') || '/';
}

const ID_PARENTS = new Set(['lists', 'tasks', 'checklistItems', 'linkedResources', 'subscriptions', 'users', 'attachments']);
const ROUTE_WORDS = new Set(['delta']);

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
