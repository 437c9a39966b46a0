/**
 * Conformance of the hostile quirks (issue 14 §5; docs/graph-facts.md §2 replays and `@removed`
 * in a first round, dead delta links as 410 or 400 resyncRequired; §3 notifications
 * lost, duplicated, late and reordered), one flag each, and all of them at once.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../index';
import { HOSTILE_QUIRKS } from '../options';
import { graphClient, start } from './helpers';
import { startReceiver, type Receiver } from './receiver';

type Obj = Record<string, unknown>;
type DeltaPage = { value: Obj[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string };

let emu: Emulator;
let graph: ReturnType<typeof graphClient>;
const user = 'sandbox@planner.test';
let listId: string;

beforeAll(async () => {
  emu = await start({ notifications: { retryBaseMs: 50, batchDelayMs: 25 }, seed: 7 });
});
afterAll(() => emu.close());
beforeEach(async () => {
  await emu.control.reset();
  graph = graphClient(emu, (await emu.control.mintToken(user)).access_token);
  listId = (await emu.control.createList(user, 'Hostile')).id;
});

/** Every page of one round: items page by page, and the deltaLink. */
async function round(start: string, pageSize?: number): Promise<{ pages: Obj[][]; deltaLink: string }> {
  const pages: Obj[][] = [];
  let url = start;
  const headers: Record<string, string> = pageSize ? { Prefer: `odata.maxpagesize=${pageSize}` } : {};
  for (;;) {
    const page = await graph<DeltaPage>('GET', url, undefined, headers);
    expect(page.status).toBe(200);
    pages.push(page.body.value);
    if (page.body['@odata.deltaLink']) return { pages, deltaLink: page.body['@odata.deltaLink'] };
    url = page.body['@odata.nextLink']!;
  }
}

const ids = (items: Obj[]) => items.map((i) => i.id as string);

describe('delta replays (quirk deltaRepeatsItems)', () => {
  it('repeats an item within a page, across pages and across rounds; a quiet round after the replay is empty', async () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await emu.control.createTask(user, listId, { title: `R${i}` })).id);
    await emu.control.setQuirks({ deltaRepeatsItems: true });
    const first = await round(`/me/todo/lists/${listId}/tasks/delta`, 3);
    // page 1: R0 R1 R2 (full); page 2 opens with R2 again, then R3 R4.
    expect(first.pages.map(ids)).toEqual([[made[0], made[1], made[2]], [made[2], made[3], made[4]]]);

    // The next round opens with the last item of this one (and, its page having room, twice).
    const replay = await round(first.deltaLink);
    expect(replay.pages.map(ids)).toEqual([[made[4], made[4]]]);
    const quiet = await round(replay.deltaLink);
    expect(quiet.pages.flat()).toEqual([]);
  });

  it('a page with room sends its first item twice', async () => {
    const a = await emu.control.createTask(user, listId, { title: 'A' });
    await emu.control.setQuirks({ deltaRepeatsItems: true });
    const only = await round(`/me/todo/lists/${listId}/tasks/delta`);
    expect(ids(only.pages[0])).toEqual([a.id, a.id]);
  });

  it('replays an @removed entry of the last round in the next one', async () => {
    const a = await emu.control.createTask(user, listId, { title: 'A' });
    const start = await round(`/me/todo/lists/${listId}/tasks/delta`);
    await emu.control.setQuirks({ deltaRepeatsItems: true });
    await emu.control.deleteTask(user, listId, a.id);
    const gone = await round(start.deltaLink);
    expect(gone.pages.flat().every((i) => i.id === a.id && '@removed' in i)).toBe(true);
    const again = await round(gone.deltaLink);
    expect(again.pages.flat()).toContainEqual(expect.objectContaining({ id: a.id, '@removed': { reason: 'deleted' } }));
  });

  it('off: no item comes twice', async () => {
    for (let i = 0; i < 5; i++) await emu.control.createTask(user, listId, { title: `R${i}` });
    const plain = await round(`/me/todo/lists/${listId}/tasks/delta`, 3);
    expect(plain.pages.flat()).toHaveLength(5);
    expect((await round(plain.deltaLink)).pages.flat()).toEqual([]);
  });
});

describe('@removed in a first round (quirk removedInInitialRound)', () => {
  it('a token-less round also names tasks deleted before it, and lists delta deleted lists', async () => {
    const keep = await emu.control.createTask(user, listId, { title: 'Keep' });
    const gone = await emu.control.createTask(user, listId, { title: 'Gone' });
    await emu.control.deleteTask(user, listId, gone.id);
    const doomed = await emu.control.createList(user, 'Doomed');
    await emu.control.deleteList(user, doomed.id);
    expect(ids((await round(`/me/todo/lists/${listId}/tasks/delta`)).pages.flat())).toEqual([keep.id]);
    await emu.control.setQuirks({ removedInInitialRound: true });
    const tasks = (await round(`/me/todo/lists/${listId}/tasks/delta`)).pages.flat();
    expect(tasks).toContainEqual({ '@odata.type': '#microsoft.graph.todoTask', id: gone.id, '@removed': { reason: 'deleted' } });
    expect(tasks.find((t) => t.id === keep.id)?.title).toBe('Keep');
    const lists = (await round('/me/todo/lists/delta')).pages.flat();
    expect(lists).toContainEqual(expect.objectContaining({ id: doomed.id, '@removed': { reason: 'deleted' } }));
  });
});

describe('dead delta links (quirk deadDeltaLinkAnswer)', () => {
  it.each([
    ['gone', 410, 'syncStateNotFound'],
    ['resyncRequired', 400, 'resyncRequired'],
  ] as const)('%s: a killed link answers %i %s', async (answer, status, code) => {
    await emu.control.setQuirks({ deadDeltaLinkAnswer: answer });
    const first = await round(`/me/todo/lists/${listId}/tasks/delta`);
    await emu.control.expireDeltaLinks(user);
    const dead = await graph<{ error: { code: string } }>('GET', first.deltaLink);
    expect(dead.status).toBe(status);
    expect(dead.body.error.code).toBe(code);
  });

  it('mixed: both answers come up, and an aged-out link dies too (deltaLinkTtlMinutes)', async () => {
    await emu.control.setQuirks({ deadDeltaLinkAnswer: 'mixed', deltaLinkTtlMinutes: 1 });
    const first = await round(`/me/todo/lists/${listId}/tasks/delta`);
    await emu.control.advanceClock(120);
    const seen = new Set<number>();
    for (let i = 0; i < 20; i++) seen.add((await graph('GET', first.deltaLink)).status);
    expect([...seen].sort()).toEqual([400, 410]);
  });
});

describe('notifications lost, duplicated, late and reordered (docs/graph-facts.md §3)', () => {
  let receiver: Receiver;
  beforeEach(async () => {
    receiver = await startReceiver();
    const created = await graph('POST', '/subscriptions', {
      changeType: 'created,updated,deleted',
      notificationUrl: receiver.url,
      resource: `/me/todo/lists/${listId}/tasks`,
      expirationDateTime: new Date(Date.now() + 4200 * 60_000).toISOString(),
      clientState: 'hostile',
    });
    expect(created.status).toBe(201);
  });
  afterEach(() => receiver.close());

  const notifiedIds = () => receiver.notifications.map((n) => (n.resourceData as { id: string }).id);

  it('notificationLossRate: a lost notification is logged and never POSTed', async () => {
    await emu.control.setQuirks({ notificationLossRate: 1 });
    await emu.control.createTask(user, listId, { title: 'Unheard' });
    await emu.control.waitForNotificationsIdle(2_000);
    expect(receiver.notifications).toEqual([]);
    const log = (await emu.control.notificationLog()).filter((e) => e.kind === 'notification');
    expect(log).toEqual([expect.objectContaining({ ok: false, error: expect.stringContaining('lost') })]);
  });

  it('notificationDuplicateRate: the same notification comes again in a later POST', async () => {
    await emu.control.setQuirks({ notificationDuplicateRate: 1 });
    const task = await emu.control.createTask(user, listId, { title: 'Twice' });
    await emu.control.waitForNotificationsIdle(2_000);
    expect(notifiedIds()).toEqual([task.id, task.id]);
    expect(receiver.posts).toHaveLength(2);
  });

  it('notificationLateRate: a late notification arrives after a later change\'s', async () => {
    await emu.control.setQuirks({ notificationLateRate: 1, notificationLateMs: [400, 400] });
    const early = await emu.control.createTask(user, listId, { title: 'Early' });
    await emu.control.setQuirks({ notificationLateRate: 0 });
    const later = await emu.control.createTask(user, listId, { title: 'Later' });
    expect((await emu.control.waitForNotificationsIdle(3_000)).idle).toBe(true);
    expect(notifiedIds()).toEqual([later.id, early.id]);
  });

  it('notificationsReordered: one POST carries its changes in another order', async () => {
    const slow = await start({ notifications: { batchDelayMs: 400 }, seed: 11, sandboxUser: { email: 'slow@planner.test', displayName: 'Slow' } });
    try {
      const token = (await slow.control.mintToken('slow@planner.test')).access_token;
      const slowGraph = graphClient(slow, token);
      const list = (await slow.control.createList('slow@planner.test', 'Batched')).id;
      await slowGraph('POST', '/subscriptions', {
        changeType: 'created', notificationUrl: receiver.url, resource: `/me/todo/lists/${list}/tasks`,
        expirationDateTime: new Date(Date.now() + 4200 * 60_000).toISOString(),
      });
      await slow.control.setQuirks({ notificationsReordered: true });
      const made: string[] = [];
      for (let i = 0; i < 6; i++) made.push((await slow.control.createTask('slow@planner.test', list, { title: `O${i}` })).id);
      await slow.control.waitForNotificationsIdle(3_000);
      expect([...notifiedIds()].sort()).toEqual([...made].sort());
      expect(notifiedIds()).not.toEqual(made);
    } finally {
      await slow.close();
    }
  });

  it('off by default: one notification per change, in order', async () => {
    const a = await emu.control.createTask(user, listId, { title: 'A' });
    await emu.control.waitForNotificationsIdle(2_000);
    const b = await emu.control.createTask(user, listId, { title: 'B' });
    await emu.control.waitForNotificationsIdle(2_000);
    expect(notifiedIds()).toEqual([a.id, b.id]);
  });
});

describe('all hostile quirks at once (HOSTILE_QUIRKS)', () => {
  /** A client that applies delta rounds by id (merging partial items, dropping @removed) and starts over on a dead link. */
  async function deltaClient(url: string | null, known: Map<string, Obj>): Promise<string> {
    let next = url ?? `/me/todo/lists/${listId}/tasks/delta`;
    for (;;) {
      const page = await graph<DeltaPage>('GET', next);
      if (page.status === 410 || page.status === 400) {
        known.clear();
        next = `/me/todo/lists/${listId}/tasks/delta`;
        continue;
      }
      expect(page.status).toBe(200);
      for (const item of page.body.value) {
        if ('@removed' in item) known.delete(item.id as string);
        else known.set(item.id as string, { ...known.get(item.id as string), ...item });
      }
      if (page.body['@odata.deltaLink']) return page.body['@odata.deltaLink'];
      next = page.body['@odata.nextLink']!;
    }
  }

  it('a client that follows delta by id still ends with exactly the list\'s tasks', async () => {
    await emu.control.setQuirks(HOSTILE_QUIRKS);
    const known = new Map<string, Obj>();
    let link = await deltaClient(null, known);
    const live: string[] = [];
    for (let i = 0; i < 12; i++) live.push((await emu.control.createTask(user, listId, { title: `H${i}` })).id);
    link = await deltaClient(link, known);
    for (const id of live.splice(0, 4)) await emu.control.deleteTask(user, listId, id);
    for (const id of live.slice(0, 3)) await emu.control.updateTask(user, listId, id, { title: 'renamed' });
    link = await deltaClient(link, known);
    await emu.control.advanceClock(10);
    await deltaClient(link, known);
    expect([...known.keys()].sort()).toEqual([...live].sort());
    expect(live.slice(0, 3).map((id) => known.get(id)?.title)).toEqual(['renamed', 'renamed', 'renamed']);
    expect((await graph<DeltaPage>('GET', '/me/todo/lists')).body.value).toHaveLength(1);
  });
});
