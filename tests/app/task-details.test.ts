/**
 * Issue 16 in the tasks service: status, start date, tags, reminders read in the user's
 * time zone (exact across DST, east and west of UTC), repeats with a plain-language
 * summary, and completing a repeating task rolling it on with a completed copy.
 */
import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../src/server/projects/errors';
import { getSettings, updateSettings } from '../../src/server/settings/settings-service';
import { createTask, getTask, listTasks, updateTask } from '../../src/server/tasks';
import { testEngines, useTestDatabase } from '../helpers/db';
import { connectOutlook, jobsOf, newUserId } from './fixtures';
import { useAppTestEnv } from './harness';

useAppTestEnv();

describe.each(testEngines())('task details on %s', (engine) => {
  const t = useTestDatabase(engine);

  it('keeps status, start date and tags (blanks and repeats dropped, order kept)', async () => {
    const user = newUserId();
    const task = await createTask(t.db, user, { title: 'Report', status: 'inProgress', start_date: '2026-03-02', categories: ['Work', ' Work ', '', 'Red'] });
    expect(task).toMatchObject({ status: 'inProgress', start_date: '2026-03-02', categories: ['Work', 'Red'] });
    const done = await updateTask(t.db, user, task.id, { completed: true });
    expect(done).toMatchObject({ completed: true, status: 'inProgress' });
    const edited = await updateTask(t.db, user, task.id, { status: 'waitingOnOthers', categories: [], start_date: null, completed: false });
    expect(edited).toMatchObject({ completed: false, status: 'waitingOnOthers', categories: [], start_date: null });
  });

  it.each([
    // East of UTC, the night the clocks go forward: 08:30 in Berlin is 06:30 UTC (CEST), a day before 07:30 UTC (CET).
    ['Europe/Berlin', '2026-03-29T08:30', '2026-03-29T06:30:00.000Z'],
    ['Europe/Berlin', '2026-03-28T08:30', '2026-03-28T07:30:00.000Z'],
    // A time the clocks skip lands as far after the gap as it was into it.
    ['Europe/Berlin', '2026-03-29T02:30', '2026-03-29T01:30:00.000Z'],
    // West of UTC, the week of the US change (8 March 2026).
    ['America/Los_Angeles', '2026-03-08T09:15', '2026-03-08T16:15:00.000Z'],
    ['America/Los_Angeles', '2026-03-07T09:15', '2026-03-07T17:15:00.000Z'],
    ['Pacific/Auckland', '2026-04-05T09:00', '2026-04-04T21:00:00.000Z'],
  ])('a reminder given as a wall time is read in the user\'s zone (%s %s)', async (zone, local, instant) => {
    const user = newUserId();
    await updateSettings(t.db, user, { time_zone: zone });
    const task = await createTask(t.db, user, { title: 'Call', reminder_at: local });
    expect(task.reminder_at).toBe(instant);
    // Shown back in the zone, to the minute (a skipped time shows as the time it became).
    expect((await getTask(t.db, user, task.id)).reminder_local).toBe(local === '2026-03-29T02:30' ? '2026-03-29T03:30' : local);
  });

  it('a reminder with an offset is that instant, to the minute; null removes it', async () => {
    const user = newUserId();
    const task = await createTask(t.db, user, { title: 'Call', reminder_at: '2026-03-09T08:30:45+01:00' });
    expect(task.reminder_at).toBe('2026-03-09T07:30:00.000Z');
    expect((await updateTask(t.db, user, task.id, { reminder_at: null })).reminder_at).toBeNull();
  });

  it('a repeat gets its start and a due date, and reads in plain language', async () => {
    const user = newUserId();
    const task = await createTask(t.db, user, {
      title: 'Stand-up notes',
      due_date: '2026-03-09',
      recurrence: { pattern: { type: 'weekly', interval: 2, daysOfWeek: ['thursday', 'monday'] } },
    });
    expect(task.recurrence).toEqual({
      pattern: { type: 'weekly', interval: 2, daysOfWeek: ['monday', 'thursday'], firstDayOfWeek: 'sunday' },
      range: { type: 'noEnd', startDate: '2026-03-09' },
    });
    expect(task.recurrence_summary).toBe('Every 2 weeks on Mon, Thu');
    expect(task.next_occurrence).toBe('2026-03-12');
    const noDue = await createTask(t.db, user, { title: 'Pay rent', recurrence: { pattern: { type: 'absoluteMonthly', interval: 1, dayOfMonth: 1 }, range: { type: 'noEnd', startDate: '2026-05-01' } } });
    expect(noDue.due_date).toBe('2026-05-01');
  });

  it('refuses a repeat it cannot keep, with a message', async () => {
    const user = newUserId();
    const bad = createTask(t.db, user, { title: 'x', recurrence: { pattern: { type: 'weekly', interval: 1 } } });
    await expect(bad).rejects.toBeInstanceOf(ServiceError);
    await expect(bad).rejects.toMatchObject({ status: 400, field: 'recurrence', message: 'Pick at least one day of the week' });
    await expect(createTask(t.db, user, { title: 'x', reminder_at: '2026-02-30T08:00' })).rejects.toThrow(/Reminder must be a date and time/);
  });

  it('completing a repeating task rolls it on to the next day and keeps the occurrence done as a completed copy, both synced', async () => {
    const user = newUserId();
    await connectOutlook(t.db, user);
    const task = await createTask(t.db, user, {
      title: 'Water plants',
      due_date: '2026-03-12',
      reminder_at: '2026-03-12T07:30:00Z',
      recurrence: { pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday', 'thursday'] }, range: { startDate: '2026-03-02' } },
    });
    const rolled = await updateTask(t.db, user, task.id, { completed: true });
    expect(rolled).toMatchObject({ id: task.id, completed: false, due_date: '2026-03-16', reminder_at: '2026-03-16T07:30:00.000Z' });
    expect(rolled.completed_occurrence).toMatchObject({ next_due_date: '2026-03-16' });
    const copy = await getTask(t.db, user, rolled.completed_occurrence!.id);
    expect(copy).toMatchObject({ title: 'Water plants', completed: true, due_date: '2026-03-12', recurrence: null });
    const all = await listTasks(t.db, user, { project: 'inbox' });
    expect(all.filter((x) => x.title === 'Water plants' && !x.completed)).toHaveLength(1);
    const jobs = await jobsOf(t.db, user);
    expect(jobs.filter((j) => j.task_id === copy.id).map((j) => j.action)).toEqual(['create']);
    expect(jobs.filter((j) => j.task_id === task.id).map((j) => j.action)).toEqual(['create', 'update']);
  });

  it('steps: kept in order with their ids; checking stamps the time, unchecking clears it; bad ones are refused with a message', async () => {
    const user = newUserId();
    const task = await createTask(t.db, user, { title: 'Paint the door', steps: [{ title: 'Buy paint' }, { title: 'Sand', checked: true }] });
    expect(task.steps.map((s) => [s.title, s.checked])).toEqual([
      ['Buy paint', false],
      ['Sand', true],
    ]);
    const [buy, sand] = task.steps;
    expect(sand.checked_at).not.toBeNull();
    const edited = await updateTask(t.db, user, task.id, {
      steps: [{ id: sand.id, title: 'Sand', checked: false }, { id: buy.id, title: 'Buy blue paint', checked: true }, { title: 'Paint', checked: false }],
    });
    expect(edited.steps.map((s) => [s.id === buy.id ? 'buy' : s.id === sand.id ? 'sand' : 'new', s.title, s.checked, s.checked_at !== null])).toEqual([
      ['sand', 'Sand', false, false],
      ['buy', 'Buy blue paint', true, true],
      ['new', 'Paint', false, false],
    ]);
    await expect(updateTask(t.db, user, task.id, { steps: [{ title: '   ' }] })).rejects.toThrow('A step can’t be empty');
  });

  it('settings: a time zone is checked and kept; the defaults hold until saved', async () => {
    const user = newUserId();
    expect(await getSettings(t.db, user)).toEqual({ time_zone: null, lists_become_projects: true, inbox_list: 'planner-inbox' });
    await expect(updateSettings(t.db, user, { time_zone: 'Mars/Olympus' })).rejects.toThrow(/Unknown time zone/);
    expect(await updateSettings(t.db, user, { time_zone: 'Europe/Berlin' })).toMatchObject({ time_zone: 'Europe/Berlin' });
    expect(await updateSettings(t.db, user, { lists_become_projects: false })).toEqual({ time_zone: 'Europe/Berlin', lists_become_projects: false, inbox_list: 'planner-inbox' });
  });
});
