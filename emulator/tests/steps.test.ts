/**
 * Steps (checklistItems, issue 16 §1; docs `resources/checklistitem.md`, `api/checklistitem-update.md`):
 * checkedDateTime stamped when checked and cleared when unchecked, createdDateTime, creation
 * order; a step change is a change of its task (etag, lastModifiedDateTime, notification,
 * delta); `$expand=checklistItems` on GET, list and delta (kept by the links).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../index';
import { graphClient, start } from './helpers';
import { startReceiver } from './receiver';

type Obj = Record<string, unknown>;
type Page = { value: Obj[]; '@odata.deltaLink'?: string; '@odata.nextLink'?: string };

let emu: Emulator;
let graph: ReturnType<typeof graphClient>;
let listId: string;
const user = 'sandbox@planner.test';

beforeAll(async () => {
  emu = await start({ notifications: { batchDelayMs: 10 } });
});
afterAll(() => emu.close());
beforeEach(async () => {
  await emu.control.reset();
  graph = graphClient(emu, (await emu.control.mintToken(user)).access_token);
  listId = (await emu.control.createList(user, 'Trip')).id;
});

const base = () => `/me/todo/lists/${listId}/tasks`;

async function newTask(title = 'Pack') {
  return (await graph('POST', base(), { title })).body;
}

async function addStep(taskId: unknown, body: Obj) {
  const created = await graph('POST', `${base()}/${taskId}/checklistItems`, body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

async function roundOf(url: string, headers: Record<string, string> = {}) {
  const items: Obj[] = [];
  let next: string | undefined = url;
  for (;;) {
    const page: { body: Page } = await graph<Page>('GET', next!, undefined, headers);
    items.push(...page.body.value);
    if (page.body['@odata.deltaLink']) return { items, deltaLink: page.body['@odata.deltaLink'] };
    next = page.body['@odata.nextLink'];
  }
}

describe('checkedDateTime and createdDateTime (checklistitem.md)', () => {
  it('the service stamps checkedDateTime when a step is checked and clears it when unchecked', async () => {
    const task = await newTask();
    const step = await addStep(task.id, { displayName: 'Passport' });
    expect(step).toMatchObject({ displayName: 'Passport', isChecked: false, checkedDateTime: null });
    expect(String(step.createdDateTime)).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/);
    await emu.control.advanceClock(90);
    const checked = await graph('PATCH', `${base()}/${task.id}/checklistItems/${step.id}`, { isChecked: true });
    expect(checked.body.isChecked).toBe(true);
    const checkedAt = Date.parse(String(checked.body.checkedDateTime));
    expect(checkedAt - Date.parse(String(step.createdDateTime))).toBeGreaterThanOrEqual(90_000);
    const renamed = await graph('PATCH', `${base()}/${task.id}/checklistItems/${step.id}`, { displayName: 'Passports' });
    expect(renamed.body.checkedDateTime).toBe(checked.body.checkedDateTime);
    const unchecked = await graph('PATCH', `${base()}/${task.id}/checklistItems/${step.id}`, { isChecked: false });
    expect(unchecked.body).toMatchObject({ isChecked: false, checkedDateTime: null });
    expect(unchecked.body.createdDateTime).toBe(step.createdDateTime);
  });

  it('a checkedDateTime the client sends with a checked step is kept (the Update page lists it as writable)', async () => {
    const task = await newTask();
    const created = await addStep(task.id, { displayName: 'Tickets', isChecked: true, checkedDateTime: '2026-01-02T03:04:05Z' });
    expect(Date.parse(String(created.checkedDateTime))).toBe(Date.parse('2026-01-02T03:04:05Z'));
    const step = await addStep(task.id, { displayName: 'Visa' });
    const checked = await graph('PATCH', `${base()}/${task.id}/checklistItems/${step.id}`, { isChecked: true, checkedDateTime: '2026-02-03T04:05:06Z' });
    expect(Date.parse(String(checked.body.checkedDateTime))).toBe(Date.parse('2026-02-03T04:05:06Z'));
    const bad = await graph('PATCH', `${base()}/${task.id}/checklistItems/${step.id}`, { checkedDateTime: 'yesterday' });
    expect(bad.status).toBe(400);
  });

  it('steps keep creation order, whatever is renamed or checked (Graph has no position property)', async () => {
    const task = await newTask();
    const names = ['one', 'two', 'three'];
    const ids: unknown[] = [];
    for (const displayName of names) ids.push((await addStep(task.id, { displayName })).id);
    await graph('PATCH', `${base()}/${task.id}/checklistItems/${ids[0]}`, { displayName: 'first', isChecked: true });
    await graph('DELETE', `${base()}/${task.id}/checklistItems/${ids[1]}`);
    await addStep(task.id, { displayName: 'four' });
    const list = await graph<Page>('GET', `${base()}/${task.id}/checklistItems`);
    expect(list.body.value.map((i) => i.displayName)).toEqual(['first', 'three', 'four']);
  });

  it('checklistItems inside a task PATCH are refused; inside a POST they are created', async () => {
    const created = await graph('POST', base(), { title: 'Inline', checklistItems: [{ displayName: 'a' }, { displayName: 'b', isChecked: true }] });
    expect((created.body.checklistItems as Obj[]).map((i) => [i.displayName, i.isChecked, i.checkedDateTime !== null])).toEqual([['a', false, false], ['b', true, true]]);
    const patch = await graph<{ error: { message: string } }>('PATCH', `${base()}/${created.body.id}`, { checklistItems: [{ displayName: 'c' }] });
    expect(patch.status).toBe(400);
    expect(patch.body.error.message).toMatch(/checklistItems/);
  });
});

describe('a step change is a change of its task', () => {
  it('new etag and lastModifiedDateTime, an updated notification, a delta entry', async () => {
    const receiver = await startReceiver();
    try {
      const task = await newTask();
      const sub = await graph('POST', '/subscriptions', {
        changeType: 'created,updated,deleted', notificationUrl: receiver.url, resource: `/me/todo/lists/${listId}/tasks`,
        expirationDateTime: new Date(Date.now() + 3600_000).toISOString(), clientState: 'steps',
      });
      expect(sub.status).toBe(201);
      const first = await roundOf(`${base()}/delta`);
      await emu.control.advanceClock(5);
      const step = await addStep(task.id, { displayName: 'Charger' });
      const after = (await graph('GET', `${base()}/${task.id}`)).body;
      expect(after['@odata.etag']).not.toBe(task['@odata.etag']);
      expect(Date.parse(String(after.lastModifiedDateTime))).toBeGreaterThan(Date.parse(String(task.lastModifiedDateTime)));
      await emu.control.waitForNotificationsIdle();
      expect(receiver.notifications.map((n) => [n.changeType, (n.resourceData as Obj).id, (n.resourceData as Obj)['@odata.etag']]))
        .toEqual([['updated', task.id, after['@odata.etag']]]);
      const next = await roundOf(first.deltaLink);
      expect(next.items.map((i) => [i.id, i['@odata.etag']])).toEqual([[task.id, after['@odata.etag']]]);

      for (const change of [{ isChecked: true }, { displayName: 'Chargers' }]) {
        await graph('PATCH', `${base()}/${task.id}/checklistItems/${step.id}`, change);
      }
      await graph('DELETE', `${base()}/${task.id}/checklistItems/${step.id}`);
      await emu.control.waitForNotificationsIdle();
      expect(receiver.notifications.map((n) => n.changeType)).toEqual(['updated', 'updated', 'updated', 'updated']);
    } finally {
      await receiver.close();
    }
  });

  it('with partial delta updates, a step change carries the steps only when the round expands them', async () => {
    await emu.control.setQuirks({ partialDeltaUpdates: true });
    const task = await newTask();
    const plain = await roundOf(`${base()}/delta`);
    const expanded = await roundOf(`${base()}/delta?$expand=checklistItems`);
    await addStep(task.id, { displayName: 'Map' });
    const [bare] = (await roundOf(plain.deltaLink)).items;
    expect(bare).not.toHaveProperty('checklistItems');
    expect(bare).not.toHaveProperty('title');
    expect(bare.id).toBe(task.id);
    const [withSteps] = (await roundOf(expanded.deltaLink)).items;
    expect((withSteps.checklistItems as Obj[]).map((i) => i.displayName)).toEqual(['Map']);
    expect(withSteps).not.toHaveProperty('title');
  });
});

describe('$expand=checklistItems', () => {
  it('works on GET task and on the task list', async () => {
    const task = await newTask();
    await addStep(task.id, { displayName: 'Sunscreen' });
    const one = await graph('GET', `${base()}/${task.id}?$expand=checklistItems`);
    expect((one.body.checklistItems as Obj[])[0]).toMatchObject({ displayName: 'Sunscreen', isChecked: false });
    expect((await graph('GET', `${base()}/${task.id}`)).body).not.toHaveProperty('checklistItems');
    const all = await graph<Page>('GET', `${base()}?$expand=checklistItems`);
    expect((all.body.value[0].checklistItems as Obj[]).map((i) => i.displayName)).toEqual(['Sunscreen']);
  });

  it('on delta, the first call decides: next and delta links keep it, like $select', async () => {
    for (let i = 0; i < 3; i++) {
      const task = await newTask(`T${i}`);
      await addStep(task.id, { displayName: `step ${i}` });
    }
    const pageSize = { Prefer: 'odata.maxpagesize=2' };
    const first = await graph<Page>('GET', `${base()}/delta?$expand=checklistItems&$select=title`, undefined, pageSize);
    expect(first.body['@odata.nextLink']).not.toContain('expand');
    const round = await roundOf(`${base()}/delta?$expand=checklistItems&$select=title`, pageSize);
    expect(round.items.map((t) => (t.checklistItems as Obj[]).map((i) => i.displayName))).toEqual([['step 0'], ['step 1'], ['step 2']]);
    expect(round.items.every((t) => t.status === undefined)).toBe(true);
    const task = round.items[1];
    await addStep(task.id, { displayName: 'another' });
    const next = await roundOf(round.deltaLink);
    expect(next.items.map((t) => (t.checklistItems as Obj[]).map((i) => i.displayName))).toEqual([['step 1', 'another']]);
  });
});
