/**
 * The Graph client against the emulator: paging, delta rounds (nextLink →
 * deltaLink → incremental round), delta resets, Retry-After, write retry rules,
 * the 401 → fresh token retry, and at most 4 requests in flight per mailbox.
 */
import { describe, expect, it } from 'vitest';
import { createGraphClient, DeltaResetError, GraphError, isRemoved, type TodoTask } from '../../src/graph';
import { newMailbox, requestCount, useEmulator } from './graph-kit';

describe('Graph client against the emulator', () => {
  const t = useEmulator();

  it('pages through a list with $top and follows every nextLink', async () => {
    const { graph } = await newMailbox(t.emulator);
    const list = await graph.lists.create('Paging');
    for (let i = 0; i < 23; i++) await graph.tasks.create(list.id, { title: `task ${i}` });
    await t.emulator.control.resetStats();

    const tasks = await graph.tasks.list(list.id, { pageSize: 5 });

    expect(new Set(tasks.map((x) => x.title)).size).toBe(23);
    expect(await requestCount(t.emulator, 'GET /v1.0/me/todo/lists/{id}/tasks', 200)).toBe(5);
  });

  it('runs a task delta round over several pages, then an incremental round from the whole deltaLink', async () => {
    const { graph, userId } = await newMailbox(t.emulator);
    const list = await graph.lists.create('Delta');
    const created: TodoTask[] = [];
    for (let i = 0; i < 12; i++) created.push(await graph.tasks.create(list.id, { title: `d${i}` }));
    await t.emulator.control.resetStats();

    const first = await graph.tasks.delta(list.id, { maxPageSize: 5 });
    if (first.mode !== 'delta') throw new Error('expected a delta round');
    expect(first.items.map((x) => x.id).sort()).toEqual(created.map((x) => x.id).sort());
    expect(first.deltaLink).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\.0\/.*delta/);
    const pages = await requestCount(t.emulator, 'GET /v1.0/me/todo/lists/{id}/tasks/delta', 200);
    expect(pages).toBeGreaterThanOrEqual(3);

    await t.emulator.control.updateTask(userId, list.id, created[0].id, { title: 'd0 renamed' });
    await t.emulator.control.deleteTask(userId, list.id, created[1].id);
    const added = await t.emulator.control.createTask(userId, list.id, { title: 'added in Outlook' });

    const second = await graph.tasks.delta(list.id, { deltaLink: first.deltaLink });
    if (second.mode !== 'delta') throw new Error('expected a delta round');
    const byId = new Map(second.items.map((x) => [x.id, x]));
    expect(byId.get(created[0].id)).toMatchObject({ title: 'd0 renamed' });
    expect(isRemoved(byId.get(created[1].id)!)).toBe(true);
    expect(byId.get(added.id)).toMatchObject({ title: 'added in Outlook' });
    expect(second.items).toHaveLength(3);
  });

  it('runs lists delta: all lists first, then a rename and a deletion as changes', async () => {
    const { graph, userId } = await newMailbox(t.emulator);
    const keep = await graph.lists.create('Keep me');
    const gone = await graph.lists.create('Delete me');
    const first = await graph.lists.delta();
    const names = first.items.map((l) => ('displayName' in l ? l.displayName : undefined));
    expect(names).toEqual(expect.arrayContaining(['Keep me', 'Delete me']));

    await t.emulator.control.renameList(userId, keep.id, 'Kept and renamed');
    await t.emulator.control.deleteList(userId, gone.id);
    const second = await graph.lists.delta({ deltaLink: first.deltaLink });
    const byId = new Map(second.items.map((x) => [x.id, x]));
    expect(byId.get(keep.id)).toMatchObject({ displayName: 'Kept and renamed' });
    expect(isRemoved(byId.get(gone.id)!)).toBe(true);
  });

  it('turns an expired delta link into DeltaResetError, and a fresh round works again', async () => {
    const { graph, userId } = await newMailbox(t.emulator);
    const list = await graph.lists.create('Reset');
    await graph.tasks.create(list.id, { title: 'one' });
    const first = await graph.tasks.delta(list.id);
    if (first.mode !== 'delta') throw new Error('expected a delta round');
    await t.emulator.control.expireDeltaLinks(userId);

    const error = await graph.tasks.delta(list.id, { deltaLink: first.deltaLink }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeltaResetError);

    const again = await graph.tasks.delta(list.id);
    expect(again.items.map((x) => 'title' in x && x.title)).toEqual(['one']);
  });

  it('sends Prefer: odata.maxpagesize and never $top on task delta, and falls back to a paged GET when delta is refused', async () => {
    const { graph } = await newMailbox(t.emulator);
    await t.emulator.control.setQuirks({ deltaTopRejected: true });
    const list = await graph.lists.create('No top');
    for (let i = 0; i < 4; i++) await graph.tasks.create(list.id, { title: `n${i}` });

    const round = await graph.tasks.delta(list.id, { maxPageSize: 2 });
    expect(round.mode).toBe('delta');
    expect(round.items).toHaveLength(4);

    // A cursor carrying $top is refused with Graph's 400: the client answers with a snapshot.
    const withTop = `${t.emulator.graphUrl}/me/todo/lists/${encodeURIComponent(list.id)}/tasks/delta?$top=2`;
    const snapshot = await graph.tasks.delta(list.id, { deltaLink: withTop });
    expect(snapshot.mode).toBe('snapshot');
    expect(snapshot.items.map((x) => ('title' in x ? x.title : '')).sort()).toEqual(['n0', 'n1', 'n2', 'n3']);
  });

  it('waits exactly the Retry-After of a 429 on a read, then succeeds', async () => {
    const waits: number[] = [];
    const { graph, userId } = await newMailbox(t.emulator, { sleep: async (ms) => void waits.push(ms) });
    const list = await graph.lists.create('Throttled read');
    await t.emulator.control.setQuirks({ fractionalRetryAfter: false });
    await t.emulator.control.setFaults([
      { route: 'GET /v1.0/me/todo/lists/*', user: userId, script: [{ kind: 'status', status: 429, retryAfterSeconds: 3 }] },
    ]);
    try {
      const got = await graph.lists.get(list.id);
      expect(got.displayName).toBe('Throttled read');
      expect(waits).toEqual([3000]);
    } finally {
      await t.emulator.control.clearFaults();
      await t.emulator.control.setQuirks({ fractionalRetryAfter: true });
    }
  });

  it('reports a fractional Retry-After too long to sleep on as retryAfterMs on the GraphError', async () => {
    const { graph, userId } = await newMailbox(t.emulator, { maxInlineWaitMs: 1_000 });
    await t.emulator.control.setFaults([
      { route: 'GET /v1.0/me/todo/lists', user: userId, script: [{ kind: 'status', status: 503, retryAfterSeconds: 2.5 }] },
    ]);
    try {
      const error = await graph.lists.list().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GraphError);
      expect((error as GraphError).status).toBe(503);
      expect((error as GraphError).retryAfterMs).toBe(2500);
    } finally {
      await t.emulator.control.clearFaults();
    }
  });

  it('retries a write only on explicit throttling, never on a 500', async () => {
    const { graph, userId } = await newMailbox(t.emulator, { sleep: async () => {} });
    const list = await graph.lists.create('Writes');
    await t.emulator.control.resetStats();
    await t.emulator.control.setFaults([
      { route: 'POST /v1.0/me/todo/lists/*/tasks', user: userId, script: [{ kind: 'status', status: 503, retryAfterSeconds: 1 }] },
    ]);
    const created = await graph.tasks.create(list.id, { title: 'after 503' });
    expect(created.title).toBe('after 503');
    expect(await requestCount(t.emulator, 'POST /v1.0/me/todo/lists/{id}/tasks', 503)).toBe(1);

    await t.emulator.control.setFaults([
      { route: 'POST /v1.0/me/todo/lists/*/tasks', user: userId, script: [{ kind: 'status', status: 500 }] },
    ]);
    const error = await graph.tasks.create(list.id, { title: 'after 500' }).catch((e: unknown) => e);
    await t.emulator.control.clearFaults();
    expect(error).toMatchObject({ status: 500 });
    expect(await requestCount(t.emulator, 'POST /v1.0/me/todo/lists/{id}/tasks', 500)).toBe(1);
    const titles = (await graph.tasks.list(list.id)).map((x) => x.title);
    expect(titles).toEqual(['after 503']);
  });

  it('asks the token source for a fresh token once after a 401', async () => {
    const mailbox = await newMailbox(t.emulator);
    await t.emulator.control.expireAccessTokens(mailbox.userId);
    const fresh = await t.emulator.control.mintToken(mailbox.userId, { clientId: 'planner-test', scopes: ['Tasks.ReadWrite'] });
    const asked: boolean[] = [];
    const graph = createGraphClient({
      baseUrl: t.emulator.graphUrl,
      mailboxKey: mailbox.userId,
      getAccessToken: async (o) => {
        asked.push(Boolean(o?.forceRefresh));
        return o?.forceRefresh ? fresh.access_token : mailbox.accessToken;
      },
    });
    const lists = await graph.lists.list();
    expect(Array.isArray(lists)).toBe(true);
    expect(asked).toEqual([false, true]);
  });

  it('keeps at most 4 requests in flight per mailbox, across clients of the same mailbox', async () => {
    const { graph, userId, accessToken } = await newMailbox(t.emulator);
    const list = await graph.lists.create('Concurrency');
    await t.emulator.control.setFaults([{ route: 'GET /v1.0/me/todo/lists/*', user: userId, script: Array(24).fill({ kind: 'latency', ms: 40 }) }]);
    const second = createGraphClient({ baseUrl: t.emulator.graphUrl, mailboxKey: userId, getAccessToken: async () => accessToken });
    try {
      const results = await Promise.all(
        Array.from({ length: 24 }, (_, i) => (i % 2 ? graph : second).lists.get(list.id)),
      );
      expect(results.every((r) => r.id === list.id)).toBe(true);
    } finally {
      await t.emulator.control.clearFaults();
    }
    const stats = await t.emulator.control.stats();
    expect(stats.maxInFlightByMailbox[userId]).toBeLessThanOrEqual(4);
    expect(stats.maxInFlightByMailbox[userId]).toBeGreaterThanOrEqual(2);
    expect(stats.throttledByMailbox[userId] ?? 0).toBe(0);
  });
});
