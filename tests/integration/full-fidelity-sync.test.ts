/**
 * Issue 16: status, start date, tags, reminders and repeats survive the round trip both
 * ways through the emulator (Graph's documented shapes: dates shifted to UTC, reminders
 * in UTC, every member of a recurrence echoed), exact to the minute across DST weeks in
 * a zone east and one west of UTC; completing an occurrence in either app rolls the
 * series on without a duplicate; a due date moved on a repeating task does not split it.
 */
import { describe, expect, it } from 'vitest';
import type { PatternedRecurrence } from '../../emulator/index';
import { updateSettings } from '../../src/server/settings/settings-service';
import { createTask, getTask, updateTask } from '../../src/server/tasks';
import type { Recurrence } from '../../src/sync/recurrence';
import { testEngines, useTestDatabase } from '../helpers/db';
import { TEST_APP_ENV, useProcessEnv } from '../helpers/process-env';
import { fullSync, liveTasks, pullUser, type PullUser } from './pull-harness';
import { drain, remoteCopies, remoteList, usePushEmulator } from './push-kit';

const PATTERNS: [string, Recurrence][] = [
  ['daily', { pattern: { type: 'daily', interval: 2 }, range: { type: 'noEnd', startDate: '2026-03-02' } }],
  ['weekly with days', { pattern: { type: 'weekly', interval: 2, daysOfWeek: ['monday', 'thursday'], firstDayOfWeek: 'sunday' }, range: { type: 'endDate', startDate: '2026-03-02', endDate: '2026-12-31' } }],
  ['absolute monthly', { pattern: { type: 'absoluteMonthly', interval: 1, dayOfMonth: 31 }, range: { type: 'numbered', startDate: '2026-01-31', numberOfOccurrences: 12 } }],
  ['relative monthly', { pattern: { type: 'relativeMonthly', interval: 1, daysOfWeek: ['friday'], index: 'last' }, range: { type: 'noEnd', startDate: '2026-01-30' } }],
  ['absolute yearly', { pattern: { type: 'absoluteYearly', interval: 1, month: 2, dayOfMonth: 29 }, range: { type: 'noEnd', startDate: '2028-02-29' } }],
  ['relative yearly', { pattern: { type: 'relativeYearly', interval: 1, month: 11, daysOfWeek: ['thursday'], index: 'fourth' }, range: { type: 'numbered', startDate: '2026-11-26', numberOfOccurrences: 5 } }],
];

describe.each(testEngines())('full-fidelity tasks through the emulator on %s', (engine) => {
  useProcessEnv(TEST_APP_ENV);
  const t = useTestDatabase(engine);
  const e = usePushEmulator();

  async function userIn(zone: string): Promise<PullUser> {
    const u = await pullUser(t.db, e.emulator);
    await updateSettings(t.db, u.userId, { time_zone: zone });
    return u;
  }

  async function copyOf(u: PullUser, taskId: string) {
    const copies = await remoteCopies(e.emulator, u.mailboxId, taskId);
    expect(copies).toHaveLength(1);
    return copies[0];
  }

  it.each([
    // East of UTC, the week the clocks go forward (29 March 2026), and the repeated hour of 25 October.
    ['Europe/Berlin', '2026-03-29T08:30', '2026-03-29T06:30:00.000Z', '2026-03-30'],
    ['Europe/Berlin', '2026-10-25T02:30', '2026-10-25T01:30:00.000Z', '2026-10-25'],
    // West of UTC, the week of the US change (8 March 2026).
    ['America/Los_Angeles', '2026-03-08T09:15', '2026-03-08T16:15:00.000Z', '2026-03-09'],
  ])('Planner → To Do → Planner keeps status, start date, tags and a reminder exact to the minute (%s %s)', async (zone, local, instant, due) => {
    const u = await userIn(zone);
    const task = await createTask(t.db, u.userId, { title: 'Call the bank', due_date: due, start_date: '2026-03-02', status: 'inProgress', categories: ['Money', 'Calls'], reminder_at: `${instant}` });
    await drain(t.db, u.handlers);
    const copy = await copyOf(u, task.id);
    expect(copy).toMatchObject({ status: 'inProgress', categories: ['Money', 'Calls'], isReminderOn: true });
    // Graph holds the reminder as the instant Planner meant.
    const reminder = copy.reminderDateTime as { dateTime: string; timeZone: string };
    expect(new Date(`${reminder.dateTime.slice(0, 19)}Z`).toISOString()).toBe(instant);

    // Back from To Do: nothing changes in Planner, and the wall time reads as the user set it.
    await fullSync(t.db, u);
    const back = await getTask(t.db, u.userId, task.id);
    expect(back).toMatchObject({ status: 'inProgress', start_date: '2026-03-02', due_date: due, categories: ['Money', 'Calls'], reminder_at: instant, version: task.version });
  });

  it('To Do → Planner: status, start date, tags and a reminder set in Outlook reach Planner', async () => {
    const u = await userIn('America/Los_Angeles');
    const task = await createTask(t.db, u.userId, { title: 'Plan offsite' });
    await drain(t.db, u.handlers);
    const copy = await copyOf(u, task.id);
    const c = e.emulator.control;
    await c.setStatus(u.mailboxId, u.inboxListId, copy.id, 'waitingOnOthers');
    await c.setCategories(u.mailboxId, u.inboxListId, copy.id, ['Team']);
    await c.setStartDate(u.mailboxId, u.inboxListId, copy.id, { dateTime: '2026-03-09T00:00:00', timeZone: 'Pacific Standard Time' });
    // 9:00 in Los Angeles the day after the US change is 16:00 UTC.
    await c.setReminder(u.mailboxId, u.inboxListId, copy.id, { dateTime: '2026-03-09T09:00:00', timeZone: 'America/Los_Angeles' });
    await fullSync(t.db, u);
    expect(await getTask(t.db, u.userId, task.id)).toMatchObject({ status: 'waitingOnOthers', categories: ['Team'], start_date: '2026-03-09', reminder_at: '2026-03-09T16:00:00.000Z' });

    await c.setReminder(u.mailboxId, u.inboxListId, copy.id, null);
    await c.completeTask(u.mailboxId, u.inboxListId, copy.id);
    await fullSync(t.db, u);
    // Completed in To Do: Planner keeps the open status the task had, for when it is reopened.
    expect(await getTask(t.db, u.userId, task.id)).toMatchObject({ completed: true, status: 'waitingOnOthers', reminder_at: null });
  });

  it.each(PATTERNS)('a repeat (%s) goes to To Do and comes back unchanged', async (_label, recurrence) => {
    const u = await userIn('Europe/Berlin');
    const task = await createTask(t.db, u.userId, { title: 'Repeating', due_date: recurrence.range.startDate, recurrence });
    await drain(t.db, u.handlers);
    const copy = await copyOf(u, task.id);
    expect((copy.recurrence as PatternedRecurrence).pattern.type).toBe(recurrence.pattern.type);
    await fullSync(t.db, u);
    const back = await getTask(t.db, u.userId, task.id);
    expect(back.recurrence).toEqual(recurrence);
    expect(back.version).toBe(task.version);
  });

  it('a repeat set in To Do reaches Planner with its plain-language summary', async () => {
    const u = await userIn('Europe/Berlin');
    const task = await createTask(t.db, u.userId, { title: 'Team lunch', due_date: '2026-03-13' });
    await drain(t.db, u.handlers);
    const copy = await copyOf(u, task.id);
    await e.emulator.control.setRecurrence(u.mailboxId, u.inboxListId, copy.id, {
      pattern: { type: 'relativeMonthly', interval: 1, daysOfWeek: ['friday'], index: 'second' },
      range: { type: 'noEnd', startDate: '2026-03-13' },
    });
    await fullSync(t.db, u);
    expect(await getTask(t.db, u.userId, task.id)).toMatchObject({ recurrence_summary: 'Every month on the second Friday', next_occurrence: '2026-04-10' });
  });

  it('completing an occurrence in Planner rolls the series on in both apps: one open task, one completed copy, no duplicate', async () => {
    const u = await userIn('Europe/Berlin');
    const task = await createTask(t.db, u.userId, { title: 'Water plants', due_date: '2026-03-12', recurrence: PATTERNS[1][1] });
    await drain(t.db, u.handlers);
    const done = await updateTask(t.db, u.userId, task.id, { completed: true });
    await drain(t.db, u.handlers);
    await fullSync(t.db, u);
    await drain(t.db, u.handlers);

    const planner = (await liveTasks(t.db, u.userId)).filter((x) => x.title === 'Water plants');
    expect(planner.map((x) => [x.completed, x.due_date]).sort()).toEqual([
      [false, '2026-03-16'],
      [true, '2026-03-12'],
    ]);
    const todo = (await remoteList(e.emulator, u.mailboxId, u.inboxListId))!.tasks.filter((x) => x.title === 'Water plants');
    expect(todo.map((x) => x.status).sort()).toEqual(['completed', 'notStarted']);
    const open = todo.find((x) => x.status !== 'completed')!;
    expect((open.dueDateTime as { dateTime: string }).dateTime.slice(0, 10)).toMatch(/2026-03-1[56]/);
    expect(open.recurrence).not.toBeNull();
    expect(done.completed_occurrence?.next_due_date).toBe('2026-03-16');
  });

  it('completing an occurrence in To Do rolls the series on in Planner, with the completed copy, no duplicate', async () => {
    const u = await userIn('Europe/Berlin');
    const task = await createTask(t.db, u.userId, { title: 'Gym', due_date: '2026-03-12', recurrence: PATTERNS[1][1] });
    await drain(t.db, u.handlers);
    const copy = await copyOf(u, task.id);
    await e.emulator.control.completeOccurrence(u.mailboxId, u.inboxListId, copy.id);
    await fullSync(t.db, u);
    await drain(t.db, u.handlers);
    await fullSync(t.db, u);

    const planner = (await liveTasks(t.db, u.userId)).filter((x) => x.title === 'Gym');
    expect(planner.filter((x) => !x.completed)).toHaveLength(1);
    expect(planner.filter((x) => x.completed)).toHaveLength(1);
    expect(planner.find((x) => x.id === task.id)).toMatchObject({ completed: false, due_date: '2026-03-16' });
    const todo = (await remoteList(e.emulator, u.mailboxId, u.inboxListId))!.tasks.filter((x) => x.title === 'Gym');
    expect(todo).toHaveLength(2);
  });

  it('a due date moved in Planner on a repeating task moves the series in To Do without splitting it (Graph would make a second open task)', async () => {
    const u = await userIn('Europe/Berlin');
    const task = await createTask(t.db, u.userId, { title: 'Report', due_date: '2026-03-12', recurrence: PATTERNS[1][1] });
    await drain(t.db, u.handlers);
    await updateTask(t.db, u.userId, task.id, { due_date: '2026-03-19' });
    await drain(t.db, u.handlers);
    await fullSync(t.db, u);
    const todo = (await remoteList(e.emulator, u.mailboxId, u.inboxListId))!.tasks.filter((x) => x.title === 'Report');
    expect(todo).toHaveLength(1);
    expect(todo[0].recurrence).not.toBeNull();
    expect(await getTask(t.db, u.userId, task.id)).toMatchObject({ due_date: '2026-03-19', recurrence: PATTERNS[1][1] });
    expect((await liveTasks(t.db, u.userId)).filter((x) => x.title === 'Report')).toHaveLength(1);
  });
});
