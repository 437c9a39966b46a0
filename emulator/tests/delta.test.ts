/** Conformance: delta queries and To Do quirks (issue point 3; docs/graph-facts.md §2, §9.2). */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../index';
import { graphClient, start } from './helpers';

type Obj = Record<string, unknown>;
type DeltaPage = { value: Obj[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string };

let emu: Emulator;
let graph: ReturnType<typeof graphClient>;
let userId: string;
let listId: string;

beforeAll(async () => {
  emu = await start();
});
afterAll(() => emu.close());

beforeEach(async () => {
  await emu.control.reset();
  userId = emu.sandboxUser!.email;
  graph = graphClient(emu, (await emu.control.mintToken(userId)).access_token);
  listId = (await emu.control.createList(userId, 'Delta list')).id;
});

/** Follows nextLinks to the deltaLink; returns every item and the deltaLink. */
async function fullRound(start: string, pageSize?: number): Promise<{ items: Obj[]; deltaLink: string; pages: number }> {
  const items: Obj[] = [];
  let url: string | undefined = start;
  let pages = 0;
  const headers: Record<string, string> = pageSize ? { Prefer: `odata.maxpagesize=${pageSize}` } : {};
  for (;;) {
    const page: { status: number; body: DeltaPage } = await graph<DeltaPage>('GET', url!, undefined, headers);
    expect(page.status).toBe(200);
    pages += 1;
    items.push(...page.body.value);
    if (page.body['@odata.deltaLink']) return { items, deltaLink: page.body['@odata.deltaLink'], pages };
    url = page.body['@odata.nextLink'];
    expect(url).toBeTruthy();
  }
}

describe('task delta (docs/graph-facts.md §2: flow, deletions, reset)', () => {
  it('round trip: full state, then only changes with @removed for deletions, then 410 after invalidation', async () => {
    const a = await emu.control.createTask(userId, listId, { title: 'A' });
    const b = await emu.control.createTask(userId, listId, { title: 'B' });
    const first = await fullRound(`/me/todo/lists/${listId}/tasks/delta`);
    expect(first.items.map((t) => t.title).sort()).toEqual(['A', 'B']);

    await emu.control.updateTask(userId, listId, a.id, { title: 'A2' });
    await emu.control.deleteTask(userId, listId, b.id);
    await graph('POST', `/me/todo/lists/${listId}/tasks`, { title: 'C' });
    const second = await fullRound(first.deltaLink);
    expect(second.items).toHaveLength(3);
    expect(second.items.find((t) => t.id === a.id)?.title).toBe('A2');
    expect(second.items.find((t) => t.id === b.id)).toMatchObject({ '@removed': { reason: 'deleted' } });
    expect(second.items.some((t) => t.title === 'C')).toBe(true);

    const quiet = await fullRound(second.deltaLink);
    expect(quiet.items).toEqual([]);

    await emu.control.expireDeltaLinks(userId);
    const gone = await graph<{ error: { code: string } }>('GET', quiet.deltaLink);
    expect(gone.status).toBe(410);
    expect(gone.body.error.code).toBe('syncStateNotFound');
    expect(gone.headers.get('location')).toMatch(/\/tasks\/delta$/);
  });

  it('pages with Prefer: odata.maxpagesize and @odata.nextLink', async () => {
    for (let i = 0; i < 7; i++) await emu.control.createTask(userId, listId, { title: `T${i}` });
    const round = await fullRound(`/me/todo/lists/${listId}/tasks/delta`, 3);
    expect(round.pages).toBe(3);
    expect(new Set(round.items.map((t) => t.id)).size).toBe(7);
  });

  it('a change made while paging is not lost: it comes in the next round', async () => {
    const tasks: { id: string }[] = [];
    for (let i = 0; i < 4; i++) tasks.push(await emu.control.createTask(userId, listId, { title: `P${i}` }));
    const page1 = await graph<DeltaPage>('GET', `/me/todo/lists/${listId}/tasks/delta`, undefined, { Prefer: 'odata.maxpagesize=2' });
    await emu.control.updateTask(userId, listId, tasks[0].id, { title: 'P0 changed' });
    const rest = await fullRound(page1.body['@odata.nextLink']!, 2);
    const next = await fullRound(rest.deltaLink);
    expect(next.items.find((t) => t.id === tasks[0].id)?.title).toBe('P0 changed');
  });

  it('$top on task delta → 400 "Delta query is not supported by this resource" (quirk, switchable)', async () => {
    const refused = await graph<{ error: { code: string; message: string } }>('GET', `/me/todo/lists/${listId}/tasks/delta?$top=5`);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('Delta query is not supported by this resource');
    await emu.control.setQuirks({ deltaTopRejected: false });
    expect((await graph('GET', `/me/todo/lists/${listId}/tasks/delta?$top=5`)).status).toBe(200);
  });

  it('a task moved between lists gets a new id: @removed in the old list, created in the new one (docs/graph-facts.md §1)', async () => {
    const other = (await emu.control.createList(userId, 'Other')).id;
    const task = await emu.control.createTask(userId, listId, { title: 'Mover' });
    const from = await fullRound(`/me/todo/lists/${listId}/tasks/delta`);
    const to = await fullRound(`/me/todo/lists/${other}/tasks/delta`);
    const moved = await emu.control.moveTask(userId, listId, task.id, other);
    expect(moved.id).not.toBe(task.id);
    expect((await fullRound(from.deltaLink)).items).toEqual([{ '@odata.type': '#microsoft.graph.todoTask', id: task.id, '@removed': { reason: 'deleted' } }]);
    expect((await fullRound(to.deltaLink)).items.map((t) => [t.id, t.title])).toEqual([[moved.id, 'Mover']]);
  });

  it('$expand=checklistItems on the first call is kept by the tokens', async () => {
    const task = await emu.control.createTask(userId, listId, { title: 'Steps' });
    await emu.control.addChecklistItem(userId, listId, task.id, 'one');
    const round = await fullRound(`/me/todo/lists/${listId}/tasks/delta?$expand=checklistItems`);
    expect((round.items[0].checklistItems as Obj[]).map((i) => i.displayName)).toEqual(['one']);
    await emu.control.addChecklistItem(userId, listId, task.id, 'two');
    const next = await fullRound(round.deltaLink);
    expect((next.items[0].checklistItems as Obj[]).map((i) => i.displayName)).toEqual(['one', 'two']);
  });

  it('partial updates carry only id, etag and the changed properties (quirk, docs/graph-facts.md §2)', async () => {
    await emu.control.setQuirks({ partialDeltaUpdates: true });
    const task = await emu.control.createTask(userId, listId, { title: 'Partial', importance: 'high' });
    const first = await fullRound(`/me/todo/lists/${listId}/tasks/delta`);
    await emu.control.updateTask(userId, listId, task.id, { status: 'inProgress' });
    const [item] = (await fullRound(first.deltaLink)).items;
    expect(item.id).toBe(task.id);
    expect(item.status).toBe('inProgress');
    expect(item.title).toBeUndefined();
    expect(item.importance).toBeUndefined();
  });

  it('a property cleared since the last round is null in a partial update, and absent from a full item', async () => {
    await emu.control.setQuirks({ partialDeltaUpdates: true });
    const task = await emu.control.createTask(userId, listId, { title: 'Due', dueDateTime: { dateTime: '2026-03-01T00:00:00.0000000', timeZone: 'UTC' } });
    const first = await fullRound(`/me/todo/lists/${listId}/tasks/delta`);
    expect(first.items.find((i) => i.id === task.id)?.dueDateTime).toBeDefined();
    await emu.control.updateTask(userId, listId, task.id, { dueDateTime: null });
    const [item] = (await fullRound(first.deltaLink)).items;
    expect(item).toHaveProperty('dueDateTime', null);
    expect(item.createdDateTime).toBeUndefined();
    await emu.control.setQuirks({ partialDeltaUpdates: false });
    const full = (await fullRound(`/me/todo/lists/${listId}/tasks/delta`)).items.find((i) => i.id === task.id)!;
    expect(full).not.toHaveProperty('dueDateTime');
    expect(full.createdDateTime).toEqual(expect.any(String));
  });

  it('a garbled token → 400 Badly formed token', async () => {
    const result = await graph<{ error: { message: string } }>('GET', `/me/todo/lists/${listId}/tasks/delta?$deltatoken=garbage!!`);
    expect(result.status).toBe(400);
    expect(result.body.error.message).toContain('Badly formed token');
  });

  it('delta links die after N minutes when the quirk is on (docs/graph-facts.md §9.2: ~6 min)', async () => {
    await emu.control.setQuirks({ deltaLinkTtlMinutes: 6 });
    const round = await fullRound(`/me/todo/lists/${listId}/tasks/delta`);
    expect((await graph('GET', round.deltaLink)).status).toBe(200);
    await emu.control.advanceClock(7 * 60);
    expect((await graph('GET', round.deltaLink)).status).toBe(410);
    await emu.control.setQuirks({ deltaLinkTtlMinutes: null });
    const fresh = await fullRound(`/me/todo/lists/${listId}/tasks/delta`);
    await emu.control.advanceClock(7 * 60);
    expect((await graph('GET', fresh.deltaLink)).status).toBe(200);
  });
});

describe('lists delta (docs/graph-facts.md §2: one cursor per user)', () => {
  it('reports new, renamed and deleted lists', async () => {
    const first = await fullRound('/me/todo/lists/delta');
    expect(first.items.map((l) => l.displayName)).toEqual(expect.arrayContaining(['Tasks', 'Flagged Emails', 'Delta list']));
    const added = await emu.control.createList(userId, 'Added');
    await emu.control.renameList(userId, listId, 'Renamed');
    await emu.control.deleteList(userId, added.id);
    const second = await fullRound(first.deltaLink);
    expect(second.items.find((l) => l.id === listId)?.displayName).toBe('Renamed');
    expect(second.items.find((l) => l.id === added.id)).toMatchObject({ '@removed': { reason: 'deleted' } });
  });
});

describe('switchable quirks (docs/graph-facts.md §1 paging quirk; docs/graph-facts.md §9.2)', () => {
  it('GET /me/todo/lists truncated with no nextLink, while lists delta returns all', async () => {
    for (let i = 0; i < 5; i++) await emu.control.createList(userId, `L${i}`);
    await emu.control.setQuirks({ listsTruncatedTo: 3 });
    const truncated = await graph<DeltaPage>('GET', '/me/todo/lists');
    expect(truncated.body.value).toHaveLength(3);
    expect(truncated.body['@odata.nextLink']).toBeUndefined();
    expect((await fullRound('/me/todo/lists/delta')).items).toHaveLength(8);
    await emu.control.setQuirks({ listsTruncatedTo: null });
    expect((await graph<DeltaPage>('GET', '/me/todo/lists')).body.value).toHaveLength(8);
  });

  it('a deleted list accepts task POSTs with 201 and gives an empty delta only with the quirks on', async () => {
    await emu.control.deleteList(userId, listId);
    expect((await graph('POST', `/me/todo/lists/${listId}/tasks`, { title: 'lost' })).status).toBe(404);
    expect((await graph('GET', `/me/todo/lists/${listId}/tasks/delta`)).status).toBe(404);
    await emu.control.setQuirks({ deletedListAcceptsTaskPosts: true, deletedListDeltaEmpty: true });
    expect((await graph('POST', `/me/todo/lists/${listId}/tasks`, { title: 'lost' })).status).toBe(201);
    const delta = await graph<DeltaPage>('GET', `/me/todo/lists/${listId}/tasks/delta`);
    expect(delta.status).toBe(200);
    expect(delta.body.value).toEqual([]);
    expect((await graph('GET', `/me/todo/lists/${listId}`)).status).toBe(404);
  });

  it('completing a recurring task rolls it forward and creates a completed copy (docs/graph-facts.md §9.2)', async () => {
    const task = await emu.control.createTask(userId, listId, {
      title: 'Weekly',
      dueDateTime: { dateTime: '2025-06-02T00:00:00', timeZone: 'UTC' },
      recurrence: { pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'] }, range: { type: 'noEnd', startDate: '2025-06-02' } },
    });
    const done = await graph('PATCH', `/me/todo/lists/${listId}/tasks/${task.id}`, { status: 'completed' });
    expect(done.body).toMatchObject({ id: task.id, status: 'notStarted', dueDateTime: { dateTime: '2025-06-09T00:00:00.0000000' } });
    const all = await graph<DeltaPage>('GET', `/me/todo/lists/${listId}/tasks`);
    const copy = all.body.value.find((t) => t.id !== task.id)!;
    expect(copy).toMatchObject({ title: 'Weekly', status: 'completed', dueDateTime: { dateTime: '2025-06-02T00:00:00.0000000' } });
    // ms-todo measured that the completed copy keeps the recurrence (docs/graph-facts.md §9.2).
    expect(copy.recurrence).toEqual(done.body.recurrence);
  });
});
