/**
 * The Outlook page's full-fidelity editing (issue 16 §6): per task steps (add, rename, check,
 * delete), a reminder (date + time), repeat, categories, status, start date; dates typed in
 * the page's zone (`tz`). Same store operations as Graph, so Planner sees them by delta.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator, TaskView } from '../index';
import { graphClient, start } from './helpers';

type Obj = Record<string, unknown>;

let emu: Emulator;
let userId: string;
let listId: string;

beforeAll(async () => {
  emu = await start();
});
afterAll(() => emu.close());
beforeEach(async () => {
  await emu.control.reset();
  userId = emu.sandboxUser!.id;
  listId = (await emu.control.createList(userId, 'Home')).id;
});

async function act(action: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams({ user: userId, list: listId });
  for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  const response = await fetch(`${emu.url}/outlook/actions/${action}`, { method: 'POST', redirect: 'manual', body });
  expect(response.status).toBe(303);
  const location = new URL(response.headers.get('location')!, emu.url);
  expect(location.searchParams.get('error')).toBeNull();
  return location;
}

const taskOf = async (id: string): Promise<TaskView> =>
  (await emu.control.mailbox(userId)).lists.find((l) => l.id === listId)!.tasks.find((t) => t.id === id)!;

/** The edit form as the page posts it: every field, with what the task has unless overridden. */
function editForm(task: TaskView, changes: Record<string, string | string[]>) {
  return {
    task: task.id, title: task.title, due: '', start: '', reminderDate: '', reminderTime: '', repeat: 'none', repeatEvery: '1', repeatUntil: '',
    importance: 'normal', status: String(task.status), categories: '', note: '', step: '', ...changes,
  };
}

describe('editing a task on the Outlook page', () => {
  it('start date, reminder (date and time in the page zone), categories and status', async () => {
    const task = await emu.control.createTask(userId, listId, { title: 'Renew passport' });
    const back = await act('update-task', editForm(task, {
      tz: 'Europe/Berlin', start: '2026-03-01', due: '2026-03-20', reminderDate: '2026-03-19', reminderTime: '18:45',
      categories: 'Admin, Red category', status: 'waitingOnOthers',
    }));
    expect(back.searchParams.get('tz')).toBe('Europe/Berlin');
    const after = await taskOf(task.id);
    expect(after).toMatchObject({
      startDateTime: { dateTime: '2026-02-28T23:00:00.0000000', timeZone: 'UTC' },
      dueDateTime: { dateTime: '2026-03-19T23:00:00.0000000', timeZone: 'UTC' },
      reminderDateTime: { dateTime: '2026-03-19T17:45:00.0000000', timeZone: 'UTC' },
      isReminderOn: true,
      categories: ['Admin', 'Red category'],
      status: 'waitingOnOthers',
    });
    const html = await (await fetch(`${emu.url}/outlook?list=${encodeURIComponent(listId)}&tz=Europe%2FBerlin`)).text();
    for (const text of ['Starts 03/01/2026', 'Reminder 03/19/2026 18:45', 'Waiting on others', 'Admin, Red category', 'value="18:45"', 'value="2026-03-19"']) expect(html).toContain(text);

    await act('update-task', editForm(after, { tz: 'Europe/Berlin', due: '2026-03-20', status: 'deferred' }));
    const cleared = await taskOf(task.id);
    expect(cleared).toMatchObject({ isReminderOn: false, categories: [], status: 'deferred' });
    expect(cleared).not.toHaveProperty('reminderDateTime');
    expect(cleared).not.toHaveProperty('startDateTime');
  });

  it('a reminder date without a time is 09:00', async () => {
    const task = await emu.control.createTask(userId, listId, { title: 'Call' });
    await act('update-task', editForm(task, { reminderDate: '2026-05-04' }));
    expect((await taskOf(task.id)).reminderDateTime).toEqual({ dateTime: '2026-05-04T09:00:00.0000000', timeZone: 'UTC' });
  });

  it('saving only the fields that changed: one delta change with just those properties', async () => {
    await emu.control.setQuirks({ partialDeltaUpdates: true });
    const graph = graphClient(emu, (await emu.control.mintToken(userId)).access_token);
    const task = await emu.control.createTask(userId, listId, { title: 'Paint', dueDateTime: { dateTime: '2026-04-01T00:00:00', timeZone: 'UTC' } });
    const first = await graph<{ '@odata.deltaLink': string }>('GET', `/me/todo/lists/${listId}/tasks/delta`);
    await act('update-task', editForm(task, { due: '2026-04-01', categories: 'Blue category' }));
    const next = await graph<{ value: Obj[] }>('GET', first.body['@odata.deltaLink']);
    expect(Object.keys(next.body.value[0]).sort()).toEqual(['@odata.etag', 'categories', 'id', 'lastModifiedDateTime']);
  });
});

describe('repeat on the Outlook page', () => {
  it('weekly on chosen days every 2 weeks until a date; then monthly, yearly, daily; then never', async () => {
    const task = await emu.control.createTask(userId, listId, { title: 'Bins' });
    await act('update-task', editForm(task, { tz: 'Europe/London', due: '2026-03-02', repeat: 'weekly', repeatEvery: '2', repeatDays: ['monday', 'thursday'], repeatUntil: '2026-06-30' }));
    let after = await taskOf(task.id);
    expect(after.recurrence).toEqual({
      pattern: { type: 'weekly', interval: 2, month: 0, dayOfMonth: 0, daysOfWeek: ['monday', 'thursday'], firstDayOfWeek: 'sunday', index: 'first' },
      range: { type: 'endDate', startDate: '2026-03-02', endDate: '2026-06-30', recurrenceTimeZone: 'Europe/London', numberOfOccurrences: 0 },
    });
    const html = await (await fetch(`${emu.url}/outlook?list=${encodeURIComponent(listId)}`)).text();
    expect(html).toContain('↻ Every 2 weeks on Mon, Thu, until 2026-06-30');

    await act('update-task', editForm(after, { due: '2026-03-02', repeat: 'monthly' }));
    after = await taskOf(task.id);
    expect(after.recurrence).toMatchObject({ pattern: { type: 'absoluteMonthly', interval: 1, dayOfMonth: 2 }, range: { type: 'noEnd', startDate: '2026-03-02' } });
    await act('update-task', editForm(after, { due: '2026-03-02', repeat: 'yearly' }));
    expect((await taskOf(task.id)).recurrence).toMatchObject({ pattern: { type: 'absoluteYearly', month: 3, dayOfMonth: 2 } });
    await act('update-task', editForm(after, { due: '2026-03-02', repeat: 'daily', repeatEvery: '3' }));
    expect((await taskOf(task.id)).recurrence).toMatchObject({ pattern: { type: 'daily', interval: 3 } });
    await act('update-task', editForm(after, { due: '2026-03-02', repeat: 'none' }));
    expect((await taskOf(task.id)).recurrence).toBeUndefined();
  });

  it('weekly without a chosen day repeats on the due date\'s day; a new recurrence without a due date starts today', async () => {
    const task = await emu.control.createTask(userId, listId, { title: 'Gym' });
    await act('update-task', editForm(task, { due: '2026-03-05', repeat: 'weekly' }));
    expect((await taskOf(task.id)).recurrence).toMatchObject({ pattern: { daysOfWeek: ['thursday'] } });
    const undated = await emu.control.createTask(userId, listId, { title: 'Stretch' });
    await act('update-task', editForm(undated, { repeat: 'daily' }));
    const state = await emu.control.state();
    expect((await taskOf(undated.id)).dueDateTime).toEqual({ dateTime: `${state.now.slice(0, 10)}T00:00:00.0000000`, timeZone: 'UTC' });
  });

  it('a pattern the page cannot show (relative monthly, numbered) survives a save of other fields', async () => {
    const recurrence = { pattern: { type: 'relativeMonthly' as const, interval: 1, daysOfWeek: ['friday' as const], index: 'last' as const }, range: { type: 'numbered' as const, startDate: '2026-01-30', numberOfOccurrences: 5 } };
    const task = await emu.control.createTask(userId, listId, { title: 'Payroll', dueDateTime: { dateTime: '2026-01-30T00:00:00', timeZone: 'UTC' }, recurrence });
    const html = await (await fetch(`${emu.url}/outlook?list=${encodeURIComponent(listId)}`)).text();
    expect(html).toContain('↻ Monthly on the last Fri, 5 times');
    await act('update-task', editForm(task, { due: '2026-01-30', repeat: 'monthly', title: 'Run payroll' }));
    expect(await taskOf(task.id)).toMatchObject({ title: 'Run payroll', recurrence: task.recurrence });
  });

  it('moving the due date of a recurring task moves the series, as in the app (no split)', async () => {
    const task = await emu.control.createTask(userId, listId, {
      title: 'Water plants', dueDateTime: { dateTime: '2026-03-02T00:00:00', timeZone: 'UTC' },
      recurrence: { pattern: { type: 'daily', interval: 1 }, range: { type: 'noEnd', startDate: '2026-03-02' } },
    });
    await act('update-task', editForm(task, { due: '2026-03-04', repeat: 'daily' }));
    const tasks = (await emu.control.mailbox(userId)).lists.find((l) => l.id === listId)!.tasks;
    expect(tasks.map((t) => (t.dueDateTime as Obj).dateTime)).toEqual(['2026-03-04T00:00:00.0000000']);
    // Completing it on the page rolls it and leaves the completed copy.
    await act('toggle-task', { task: task.id });
    const after = (await emu.control.mailbox(userId)).lists.find((l) => l.id === listId)!.tasks;
    expect(after.map((t) => [t.status, (t.dueDateTime as Obj).dateTime]).sort()).toEqual([
      ['completed', '2026-03-04T00:00:00.0000000'], ['notStarted', '2026-03-05T00:00:00.0000000'],
    ]);
  });
});

describe('steps and lists on the Outlook page', () => {
  it('adds, renames, checks, unchecks and deletes steps; the edit panel stays open', async () => {
    const task = await emu.control.createTask(userId, listId, { title: 'Pack' });
    const back = await act('add-step', { task: task.id, displayName: 'Socks', keepOpen: '1' });
    expect(back.searchParams.get('open')).toBe(task.id);
    await act('add-step', { task: task.id, displayName: 'Shoes', keepOpen: '1' });
    let steps = await emu.control.checklistItems(userId, listId, task.id);
    await act('rename-step', { task: task.id, step: steps[0].id, displayName: 'Wool socks', keepOpen: '1' });
    await act('toggle-step', { task: task.id, step: steps[1].id, keepOpen: '1' });
    steps = await emu.control.checklistItems(userId, listId, task.id);
    expect(steps.map((s) => [s.displayName, s.isChecked, s.checkedDateTime !== null])).toEqual([['Wool socks', false, false], ['Shoes', true, true]]);
    await act('toggle-step', { task: task.id, step: steps[1].id });
    expect((await emu.control.checklistItems(userId, listId, task.id))[1]).toMatchObject({ isChecked: false, checkedDateTime: null });
    await act('delete-step', { task: task.id, step: steps[0].id });
    expect((await emu.control.checklistItems(userId, listId, task.id)).map((s) => s.displayName)).toEqual(['Shoes']);
    const html = await (await fetch(new URL(back))).text();
    expect(html).toMatch(/<details open><summary>Edit<\/summary>/);
    expect(html).toContain('aria-label="Delete step Shoes"');
  });

  it('creates a list, which lists delta reports', async () => {
    const back = await act('add-list', { displayName: 'Garden' });
    const created = (await emu.control.mailbox(userId)).lists.find((l) => l.displayName === 'Garden')!;
    expect(back.searchParams.get('list')).toBe(created.id);
    const graph = graphClient(emu, (await emu.control.mintToken(userId)).access_token);
    const delta = await graph<{ value: Obj[] }>('GET', '/me/todo/lists/delta');
    expect(delta.body.value.map((l) => l.displayName)).toContain('Garden');
  });

  it('the page\'s zone comes from ?tz= (a bad one is UTC) and every form carries it', async () => {
    const html = await (await fetch(`${emu.url}/outlook?tz=Asia%2FTokyo`)).text();
    expect(html).toContain('<option value="Asia/Tokyo" selected>');
    expect(html).toContain('<input type="hidden" name="tz" value="Asia/Tokyo">');
    const bad = await (await fetch(`${emu.url}/outlook?tz=Nowhere%2FLand`)).text();
    expect(bad).toContain('<option value="UTC" selected>');
  });
});
