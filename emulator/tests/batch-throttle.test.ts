/** Conformance: $batch (issue point 5; docs/graph-facts.md §5) and throttling + faults (issue point 6; docs/graph-facts.md §4). */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../index';
import { graphClient, start } from './helpers';

type Obj = Record<string, unknown>;
type BatchBody = { responses: { id: string; status: number; headers: Record<string, string>; body?: Obj }[] };

let emu: Emulator;
let graph: ReturnType<typeof graphClient>;
let listId: string;
const user = 'sandbox@planner.test';

beforeAll(async () => {
  emu = await start();
});
afterAll(() => emu.close());
beforeEach(async () => {
  await emu.control.reset();
  graph = graphClient(emu, (await emu.control.mintToken(user)).access_token);
  listId = (await emu.control.createList(user, 'Batch')).id;
});

const taskPost = (id: string, title: string, extra: Obj = {}) => ({
  id, method: 'POST', url: `/me/todo/lists/${listId}/tasks`, headers: { 'Content-Type': 'application/json' }, body: { title }, ...extra,
});

describe('$batch (docs/graph-facts.md §5)', () => {
  it('runs up to 20 requests with per-item status, headers and body', async () => {
    const requests = [...Array.from({ length: 19 }, (_, i) => taskPost(String(i + 1), `B${i}`)), { id: '20', method: 'GET', url: '/me' }];
    const result = await graph<BatchBody>('POST', '/$batch', { requests });
    expect(result.status).toBe(200);
    expect(result.body.responses).toHaveLength(20);
    expect(result.body.responses.filter((r) => r.status === 201)).toHaveLength(19);
    const me = result.body.responses.find((r) => r.id === '20')!;
    expect(me.body).toMatchObject({ mail: user });
    expect(me.headers['Content-Type']).toContain('application/json');
    expect((await emu.control.mailbox(user)).lists.find((l) => l.id === listId)!.tasks).toHaveLength(19);
  });

  it('a 21-request batch is refused', async () => {
    const requests = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/me' }));
    const result = await graph<{ error: { code: string } }>('POST', '/$batch', { requests });
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe('BadRequest');
  });

  it('duplicate ids and bodies without Content-Type are refused', async () => {
    expect((await graph('POST', '/$batch', { requests: [{ id: '1', method: 'GET', url: '/me' }, { id: '1', method: 'GET', url: '/me' }] })).status).toBe(400);
    expect((await graph('POST', '/$batch', { requests: [{ id: '1', method: 'POST', url: `/me/todo/lists/${listId}/tasks`, body: { title: 'x' } }] })).status).toBe(400);
  });

  it('dependsOn orders requests; a failed dependency gives 424', async () => {
    const requests = [
      { id: '1', method: 'GET', url: `/me/todo/lists/does-not-exist` },
      taskPost('2', 'after failure', { dependsOn: ['1'] }),
      taskPost('3', 'first'),
      taskPost('4', 'second', { dependsOn: ['3'] }),
    ];
    const result = await graph<BatchBody>('POST', '/$batch', { requests });
    const status = Object.fromEntries(result.body.responses.map((r) => [r.id, r.status]));
    expect(status).toEqual({ '1': 404, '2': 424, '3': 201, '4': 201 });
  });

  it('each item is counted and throttled on its own', async () => {
    await emu.control.setThrottle({ maxRequestsPerWindow: 3 });
    const requests = Array.from({ length: 5 }, (_, i) => ({ id: String(i), method: 'GET', url: '/me', dependsOn: i ? [String(i - 1)] : undefined }));
    const result = await graph<BatchBody>('POST', '/$batch', { requests });
    const throttled = result.body.responses.filter((r) => r.status === 429);
    expect(result.status).toBe(200);
    expect(throttled.length).toBeGreaterThan(0);
    expect(throttled[0].headers['Retry-After']).toBeTruthy();
    expect((await emu.control.stats()).requests['GET /v1.0/me']).toMatchObject({ '200': 3 });
  });
});

describe('throttling (docs/graph-facts.md §4: 4 concurrent, 10,000 per 10 min, Retry-After)', () => {
  it('the 5th concurrent request of one mailbox gets 429 with Retry-After', async () => {
    await emu.control.setFaults([{ route: 'GET /v1.0/me', script: Array.from({ length: 5 }, () => ({ kind: 'latency' as const, ms: 1000 })) }]);
    const results = await Promise.all(Array.from({ length: 5 }, () => graph<{ error?: { code: string } }>('GET', '/me')));
    const throttled = results.filter((r) => r.status === 429);
    expect(throttled).toHaveLength(1);
    expect(throttled[0].body.error?.code).toBe('TooManyRequests');
    expect(Number(throttled[0].headers.get('retry-after'))).toBeGreaterThan(0);
    const stats = await emu.control.stats();
    expect(Object.values(stats.maxInFlightByMailbox)).toContain(5);
  });

  it('another mailbox is not affected by the first one’s concurrency', async () => {
    const other = await emu.control.createUser({ email: 'other@planner.test' });
    const otherGraph = graphClient(emu, (await emu.control.mintToken(other.user.id)).access_token);
    await emu.control.setFaults([{ route: 'GET /v1.0/me', user, script: Array.from({ length: 4 }, () => ({ kind: 'latency' as const, ms: 300 })) }]);
    const busy = Array.from({ length: 4 }, () => graph('GET', '/me'));
    await new Promise((r) => setTimeout(r, 50));
    expect((await otherGraph('GET', '/me')).status).toBe(200);
    expect((await Promise.all(busy)).every((r) => r.status === 200)).toBe(true);
  });

  it('over the per-window limit → 429 until the (time-scaled) window passes', async () => {
    await emu.control.setThrottle({ maxRequestsPerWindow: 5, windowSeconds: 600 });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await graph('GET', '/me')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    await emu.control.advanceClock(601);
    expect((await graph('GET', '/me')).status).toBe(200);
  });

  it('Retry-After is sometimes fractional (quirk on), always an integer with the quirk off', async () => {
    await emu.control.setThrottle({ maxRequestsPerWindow: 1 });
    const values: string[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await graph('GET', '/me');
      if (r.status === 429) values.push(r.headers.get('retry-after')!);
    }
    expect(values.some((v) => v.includes('.'))).toBe(true);
    await emu.control.setQuirks({ fractionalRetryAfter: false });
    const ints: string[] = [];
    for (let i = 0; i < 6; i++) ints.push((await graph('GET', '/me')).headers.get('retry-after')!);
    expect(ints.every((v) => /^\d+$/.test(v))).toBe(true);
  });
});

describe('fault injection (Dev Proxy style; docs/graph-facts.md §4: 429/503)', () => {
  it('a script of statuses applies to successive matching requests, then passes', async () => {
    await emu.control.setFaults([{
      route: 'GET /v1.0/me/todo/lists/*/tasks',
      script: [{ kind: 'status', status: 503, retryAfterSeconds: 2 }, { kind: 'status', status: 429 }, { kind: 'status', status: 500 }],
    }]);
    const path = `/me/todo/lists/${listId}/tasks`;
    const first = await graph<{ error: { code: string } }>('GET', path);
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('2');
    expect((await graph('GET', path)).status).toBe(429);
    expect((await graph('GET', path)).status).toBe(500);
    expect((await graph('GET', path)).status).toBe(200);
    expect((await graph('GET', '/me/todo/lists')).status).toBe(200);
    expect((await emu.control.stats()).requests['GET /v1.0/me/todo/lists/{id}/tasks']).toEqual({ '200': 1, '429': 1, '500': 1, '503': 1 });
  });

  it('a failure rate fails about that share of requests', async () => {
    await emu.control.setFaults([{ route: '* /v1.0/**', failureRate: 0.5, statuses: [503] }]);
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await graph('GET', '/me')).status);
    const failed = statuses.filter((s) => s === 503).length;
    expect(failed).toBeGreaterThan(8);
    expect(failed).toBeLessThan(32);
    await emu.control.clearFaults();
    expect((await graph('GET', '/me')).status).toBe(200);
  });

  it('a latency rule slows every matching request, so concurrency limits become reachable', async () => {
    await emu.control.setFaults([{ route: 'GET /v1.0/me', latencyMs: 1000 }]);
    const results = await Promise.all(Array.from({ length: 6 }, () => graph('GET', '/me')));
    expect(results.filter((r) => r.status === 429)).toHaveLength(2);
    expect(results.filter((r) => r.status === 200)).toHaveLength(4);
  });

  it('a timeout step drops the connection without an answer', async () => {
    await emu.control.setFaults([{ route: 'GET /v1.0/me', script: [{ kind: 'timeout', ms: 100 }] }]);
    await expect(graph('GET', '/me')).rejects.toThrow();
    expect((await graph('GET', '/me')).status).toBe(200);
  });
});
