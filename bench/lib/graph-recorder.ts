/**
 * A fetch that records every Graph request the app makes: start and end time,
 * route, status, Retry-After, and the status of each item inside a $batch. The
 * bench reads it to count requests and to check that every 429 was honoured.
 */
export interface RecordedRequest {
  startedAt: number;
  endedAt: number;
  method: string;
  path: string;
  status: number;
  /** Retry-After of the response (429/503), ms. */
  retryAfterMs?: number;
  /** $batch only: each inner item's status and Retry-After. */
  items?: { status: number; retryAfterMs?: number }[];
}

const parseRetryAfter = (v: string | null | undefined) => (v ? Math.round(Number(v) * 1000) : undefined);

export class GraphRecorder {
  readonly requests: RecordedRequest[] = [];
  private listeners: ((r: RecordedRequest) => void)[] = [];

  /** Calls `listener` with every recorded request (until the returned function is called). */
  onRequest(listener: (r: RecordedRequest) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  constructor(private readonly graphBaseUrl: string) {}

  readonly fetch: typeof fetch = async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input : input.url);
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const startedAt = performance.now();
    const response = await fetch(input, init);
    const record: RecordedRequest = {
      startedAt,
      endedAt: performance.now(),
      method,
      path: url.pathname,
      status: response.status,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
    };
    if (url.pathname.endsWith('/$batch') && response.ok) record.items = await batchItems(response.clone());
    if (url.href.startsWith(this.graphBaseUrl)) {
      this.requests.push(record);
      for (const listener of this.listeners) listener(record);
    }
    return response;
  };

  reset(): void {
    this.requests.length = 0;
  }

  /** 429s seen, counting throttled $batch items. */
  throttled(): number {
    return this.requests.reduce((n, r) => n + (r.status === 429 ? 1 : 0) + (r.items?.filter((i) => i.status === 429).length ?? 0), 0);
  }

  /**
   * Requests started while an earlier 429's Retry-After was still running (one
   * mailbox per recorder). 0 means every 429 was honoured.
   */
  retryAfterViolations(): number {
    const waits = this.requests.flatMap((r) => {
      const afters = [r.status === 429 ? r.retryAfterMs : undefined, ...(r.items ?? []).filter((i) => i.status === 429).map((i) => i.retryAfterMs)];
      return afters.filter((ms): ms is number => ms !== undefined).map((ms) => ({ from: r.endedAt, until: r.endedAt + ms }));
    });
    return this.requests.filter((r) => waits.some((w) => r.startedAt > w.from && r.startedAt < w.until)).length;
  }

  byRoute(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.requests) {
      const key = `${r.method} ${r.path.replace(/\/(lists|tasks|subscriptions)\/[^/]+/g, '/$1/{id}').replace(/^.*\/v1\.0/, '')}`;
      out[key] = (out[key] ?? 0) + 1;
    }
    return out;
  }
}

async function batchItems(response: Response): Promise<RecordedRequest['items']> {
  try {
    const body = (await response.json()) as { responses?: { status: number; headers?: Record<string, string> }[] };
    return (body.responses ?? []).map((item) => {
      const headers = Object.fromEntries(Object.entries(item.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
      return { status: item.status, retryAfterMs: parseRetryAfter(headers['retry-after']) };
    });
  } catch {
    return [];
  }
}
