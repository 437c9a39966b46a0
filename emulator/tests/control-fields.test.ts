/**
 * The control API's To Do edits for Planner's tests (issue 16 §6): recurrence, reminder,
 * categories, status, start date, due date; steps; completing a recurring task. Each goes
 * through the store operations Graph uses, so delta and change notifications follow.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ControlApiError } from '../control-client';
import type { Emulator, PatternedRecurrence } from '../index';
import { graphClient, start } from './helpers';
import { startReceiver, type Receiver } from './receiver';

type Obj = Record<string, unknown>;
type Page = { value: Obj[]; '@odata.deltaLink'?: string; '@odata.nextLink'?: string };

let emu: Emulator;
let graph: ReturnType<typeof graphClient>;
let listId: string;
let receiver: Receiver;
const user = 'sandbox@planner.test';
const weekly: PatternedRecurrence = {
  pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'] },
  range: { type: 'numbered', startDate: '2026-03-02', numberOfOccurrences: 2 },
};

beforeAll(async () => {
  emu = await start({ notifications: { batchDelayMs: 10 } });
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await emu.close();
});
beforeEach(async () => {
  await emu.control.reset();
  receiver.notifications.length = 0;
  graph = graphClient(emu, (await emu.control.mintToken(user)).access_token);
  listId = (await emu.control.createList(user, 'Control')).id;
  const sub = await graph('POST', '/subscriptions', {
    changeType: 'created,updated,deleted', notificationUrl: receiver.url, resource: `/me/todo/lists/${listId}/tasks`,
    expirationDateTime: new Date(Date.now() + 3600_000).toISOString(),
  });
  expect(sub.status).toBe(201);
});

async function deltaRound(url: string) {
  const items: Obj[] = [];
  let next = url;
  for (;;) {
    const page = await graph<Page>('GET', next);
    items.push(...page.body.value);
    if (page.body['@odata.deltaLink']) return { items, deltaLink: page.body['@odata.deltaLink'] };
    next = page.body['@odata.nextLink']!;
  }
}

async function notified() {
  await emu.control.waitForNotificationsIdle();
  const kinds = receiver.notifications.map((n) => n.changeType);
  receiver.notifications.length = 0;
  return kinds;
}

describe('task fields from the control API', () => {
  it('recurrence, reminder, categories, status and start date: each an updated notification and a partial delta item', async () => {
    await emu.control.setQuirks({ partialDeltaUpdates: true });
    const task = await emu.control.createTask(user, listId, { title: 'Gym', dueDateTime: { dateTime: '2026-03-02T00:00:00', timeZone: 'UTC' } });
    let cursor = (await deltaRound(`/me/todo/lists/${listId}/tasks/delta`)).deltaLink;
    expect(await notified()).toEqual(['created']);
    const edits: [() => Promise<unknown>, string[], Obj][] = [
      [() => emu.control.setRecurrence(user, listId, task.id, weekly), ['recurrence'], { recurrence: expect.objectContaining({ pattern: expect.objectContaining({ type: 'weekly' }) }) }],
      [() => emu.control.setReminder(user, listId, task.id, { dateTime: '2026-03-02T07:30:00', timeZone: 'Europe/Paris' }), ['isReminderOn', 'reminderDateTime'],
        { isReminderOn: true, reminderDateTime: { dateTime: '2026-03-02T06:30:00.0000000', timeZone: 'UTC' } }],
      [() => emu.control.setCategories(user, listId, task.id, ['Health', 'Green category']), ['categories'], { categories: ['Health', 'Green category'] }],
      [() => emu.control.setStatus(user, listId, task.id, 'inProgress'), ['status'], { status: 'inProgress' }],
      [() => emu.control.setStartDate(user, listId, task.id, { dateTime: '2026-03-01T00:00:00', timeZone: 'UTC' }), ['startDateTime'],
        { startDateTime: { dateTime: '2026-03-01T00:00:00.0000000', timeZone: 'UTC' } }],
      [() => emu.control.setReminder(user, listId, task.id, null), ['isReminderOn', 'reminderDateTime'], { isReminderOn: false, reminderDateTime: null }],
    ];
    for (const [edit, props, values] of edits) {
      await edit();
      expect(await notified()).toEqual(['updated']);
      const round = await deltaRound(cursor);
      cursor = round.deltaLink;
      expect(round.items).toHaveLength(1);
      expect(Object.keys(round.items[0]).sort()).toEqual(['@odata.etag', 'id', 'lastModifiedDateTime', ...props].sort());
      expect(round.items[0]).toMatchObject(values);
    }
  });

  it('invalid input is a 400 ControlApiError with Graph\'s message', async () => {
    const task = await emu.control.createTask(user, listId, { title: 'Bad' });
    const error = await emu.control.setRecurrence(user, listId, task.id, { pattern: { type: 'weekly', interval: 1 }, range: weekly.range }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ControlApiError);
    expect(error).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/daysOfWeek/) } } });
    await expect(emu.control.setStatus(user, listId, task.id, 'paused' as never)).rejects.toMatchObject({ status: 400 });
  });
});

describe('steps from the control API', () => {
  it('add, rename, check, uncheck and delete: each changes the task and notifies', async () => {
    const task = await emu.control.createTask(user, listId, { title: 'Move house' });
    await notified();
    const boxes = await emu.control.addChecklistItem(user, listId, task.id, 'Boxes');
    const van = await emu.control.addChecklistItem(user, listId, task.id, 'Van', true);
    expect(boxes).toMatchObject({ displayName: 'Boxes', isChecked: false, checkedDateTime: null, createdDateTime: expect.any(String) });
    expect(van.checkedDateTime).toEqual(expect.any(String));
    expect((await emu.control.renameChecklistItem(user, listId, task.id, boxes.id, 'Twenty boxes')).displayName).toBe('Twenty boxes');
    const checked = await emu.control.checkChecklistItem(user, listId, task.id, boxes.id);
    expect(checked.checkedDateTime).toEqual(expect.any(String));
    expect((await emu.control.checkChecklistItem(user, listId, task.id, van.id, false)).checkedDateTime).toBeNull();
    await emu.control.deleteChecklistItem(user, listId, task.id, van.id);
    expect((await emu.control.checklistItems(user, listId, task.id)).map((i) => [i.displayName, i.isChecked])).toEqual([['Twenty boxes', true]]);
    expect(await notified()).toEqual(['updated', 'updated', 'updated', 'updated', 'updated', 'updated']);
    const read = await graph('GET', `/me/todo/lists/${listId}/tasks/${task.id}?$expand=checklistItems`);
    expect((read.body.checklistItems as Obj[]).map((i) => i.displayName)).toEqual(['Twenty boxes']);
    expect(read.body['@odata.etag']).not.toBe(task['@odata.etag']);
    await expect(emu.control.deleteChecklistItem(user, listId, task.id, van.id)).rejects.toMatchObject({ status: 404 });
  });
});

describe('recurring tasks from the control API', () => {
  it('completeOccurrence rolls the task and returns the completed copy; the last occurrence just completes', async () => {
    const task = await emu.control.createTask(user, listId, { title: 'Bins', dueDateTime: { dateTime: '2026-03-02T00:00:00', timeZone: 'UTC' }, recurrence: weekly });
    const first = await emu.control.completeOccurrence(user, listId, task.id);
    expect(first.task).toMatchObject({ id: task.id, status: 'notStarted', dueDateTime: { dateTime: '2026-03-09T00:00:00.0000000' } });
    expect(first.completedCopy).toMatchObject({ title: 'Bins', status: 'completed', dueDateTime: { dateTime: '2026-03-02T00:00:00.0000000' } });
    expect(first.completedCopy!.id).not.toBe(task.id);
    expect((await notified()).sort()).toEqual(['created', 'created', 'updated']);
    const last = await emu.control.completeOccurrence(user, listId, task.id);
    expect(last).toMatchObject({ task: { id: task.id, status: 'completed' }, completedCopy: null });
    const plain = await emu.control.createTask(user, listId, { title: 'Once' });
    expect(await emu.control.completeOccurrence(user, listId, plain.id)).toMatchObject({ task: { status: 'completed' }, completedCopy: null });
  });

  it('setDueDate moves a recurring series as the app does; updateTask with a due date splits it like a Graph PATCH', async () => {
    const task = await emu.control.createTask(user, listId, { title: 'Bins', dueDateTime: { dateTime: '2026-03-02T00:00:00', timeZone: 'UTC' }, recurrence: weekly });
    const moved = await emu.control.setDueDate(user, listId, task.id, { dateTime: '2026-03-03T00:00:00', timeZone: 'UTC' });
    expect(moved.dueDateTime).toEqual({ dateTime: '2026-03-03T00:00:00.0000000', timeZone: 'UTC' });
    expect((await emu.control.mailbox(user)).lists.find((l) => l.id === listId)!.tasks).toHaveLength(1);
    await emu.control.updateTask(user, listId, task.id, { dueDateTime: { dateTime: '2026-03-04T00:00:00', timeZone: 'UTC' } });
    expect((await emu.control.mailbox(user)).lists.find((l) => l.id === listId)!.tasks).toHaveLength(2);
  });
});
