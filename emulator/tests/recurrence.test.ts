/**
 * Recurring tasks (issue 16 §3): every patternedRecurrence Graph documents (recurrencepattern.md,
 * recurrencerange.md), validated like Graph; completing one rolls the same id to the next
 * occurrence with a completed copy until the series ends; a due date written alone splits the
 * series (docs/graph-facts.md §9.2).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../index';
import { graphClient, start } from './helpers';

type Obj = Record<string, unknown>;
type Page = { value: Obj[]; '@odata.deltaLink'?: string; '@odata.nextLink'?: string };

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
  listId = (await emu.control.createList(user, 'Chores')).id;
});

const tasksUrl = () => `/me/todo/lists/${listId}/tasks`;
const utcDue = (date: string) => ({ dateTime: `${date}T00:00:00`, timeZone: 'UTC' });
const dueDate = (task: Obj) => String((task.dueDateTime as Obj | undefined)?.dateTime ?? '').slice(0, 10);

async function create(body: Obj) {
  const created = await graph('POST', tasksUrl(), { title: 'Repeat me', ...body });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

async function allTasks(): Promise<Obj[]> {
  return (await graph<Page>('GET', tasksUrl())).body.value;
}

async function complete(id: unknown) {
  const done = await graph('PATCH', `${tasksUrl()}/${id}`, { status: 'completed' });
  expect(done.status).toBe(200);
  return done.body;
}

describe('validation (recurrencepattern.md: required members per type; recurrencerange.md)', () => {
  const range = { type: 'noEnd', startDate: '2026-03-02' };
  const cases: [string, Obj, RegExp][] = [
    ['an unknown pattern type', { pattern: { type: 'monthly', interval: 1 }, range }, /'monthly'/],
    ['a pattern without interval', { pattern: { type: 'daily' }, range }, /interval/],
    ['interval 0', { pattern: { type: 'daily', interval: 0 }, range }, /interval/],
    ['weekly without daysOfWeek', { pattern: { type: 'weekly', interval: 1 }, range }, /weekly.*daysOfWeek/],
    ['an unknown day', { pattern: { type: 'weekly', interval: 1, daysOfWeek: ['funday'] }, range }, /funday/],
    ['absoluteMonthly without dayOfMonth', { pattern: { type: 'absoluteMonthly', interval: 1 }, range }, /absoluteMonthly.*dayOfMonth/],
    ['relativeMonthly without daysOfWeek', { pattern: { type: 'relativeMonthly', interval: 1, index: 'last' }, range }, /relativeMonthly.*daysOfWeek/],
    ['an unknown index', { pattern: { type: 'relativeMonthly', interval: 1, daysOfWeek: ['friday'], index: 'fifth' }, range }, /fifth/],
    ['absoluteYearly without month', { pattern: { type: 'absoluteYearly', interval: 1, dayOfMonth: 3 }, range }, /absoluteYearly.*month/],
    ['month 13', { pattern: { type: 'absoluteYearly', interval: 1, dayOfMonth: 3, month: 13 }, range }, /month/],
    ['relativeYearly without month', { pattern: { type: 'relativeYearly', interval: 1, daysOfWeek: ['monday'] }, range }, /relativeYearly.*month/],
    ['no range', { pattern: { type: 'daily', interval: 1 } }, /range/],
    ['an unknown range type', { pattern: { type: 'daily', interval: 1 }, range: { type: 'forever', startDate: '2026-03-02' } }, /'forever'/],
    ['a range without startDate', { pattern: { type: 'daily', interval: 1 }, range: { type: 'noEnd' } }, /startDate/],
    ['a startDate that is not a date', { pattern: { type: 'daily', interval: 1 }, range: { type: 'noEnd', startDate: '2026-02-30' } }, /Edm.Date/],
    ['endDate without endDate', { pattern: { type: 'daily', interval: 1 }, range: { type: 'endDate', startDate: '2026-03-02' } }, /endDate/],
    ['an endDate before startDate', { pattern: { type: 'daily', interval: 1 }, range: { type: 'endDate', startDate: '2026-03-02', endDate: '2026-03-01' } }, /before/],
    ['numbered without a count', { pattern: { type: 'daily', interval: 1 }, range: { type: 'numbered', startDate: '2026-03-02' } }, /numberOfOccurrences/],
    ['an unknown recurrenceTimeZone', { pattern: { type: 'daily', interval: 1 }, range: { ...range, recurrenceTimeZone: 'Mars/Olympus' } }, /Mars\/Olympus/],
    ['an unknown member', { pattern: { type: 'daily', interval: 1, every: 2 }, range }, /every/],
  ];
  it.each(cases)('%s → 400 with a clear message', async (_name, recurrence, message) => {
    const result = await graph<{ error: { code: string; message: string } }>('POST', tasksUrl(), { title: 'x', dueDateTime: utcDue('2026-03-02'), recurrence });
    expect(result.status).toBe(400);
    expect(result.body.error.message).toMatch(message);
  });

  it('a bad recurrence in a PATCH is a 400 and changes nothing', async () => {
    const task = await create({ dueDateTime: utcDue('2026-03-02') });
    const bad = await graph('PATCH', `${tasksUrl()}/${task.id}`, { recurrence: { pattern: { type: 'weekly', interval: 1 }, range } });
    expect(bad.status).toBe(400);
    expect((await graph('GET', `${tasksUrl()}/${task.id}`)).body.recurrence).toBeUndefined();
  });

  it('echoes every member, unused ones as Graph does; enum values are read case-insensitively', async () => {
    const task = await create({
      dueDateTime: utcDue('2026-03-02'),
      recurrence: { pattern: { type: 'Weekly', interval: 1, daysOfWeek: ['Thursday', 'monday'] }, range: { type: 'NoEnd', startDate: '2026-03-02' } },
    });
    expect(task.recurrence).toEqual({
      pattern: { type: 'weekly', interval: 1, month: 0, dayOfMonth: 0, daysOfWeek: ['monday', 'thursday'], firstDayOfWeek: 'sunday', index: 'first' },
      range: { type: 'noEnd', startDate: '2026-03-02', endDate: '0001-01-01', recurrenceTimeZone: 'UTC', numberOfOccurrences: 0 },
    });
    // What GET returned can be sent back.
    const again = await graph('PATCH', `${tasksUrl()}/${task.id}`, { recurrence: task.recurrence });
    expect(again.status).toBe(200);
  });

  it('recurrenceTimeZone defaults to the zone the due date was written in', async () => {
    const task = await create({
      dueDateTime: { dateTime: '2026-03-02T00:00:00', timeZone: 'Europe/Berlin' },
      recurrence: { pattern: { type: 'daily', interval: 1 }, range: { type: 'noEnd', startDate: '2026-03-02' } },
    });
    expect((task.recurrence as { range: Obj }).range.recurrenceTimeZone).toBe('Europe/Berlin');
  });
});

describe('completing a recurring task rolls the same id to the next occurrence (quirk recurringCompletionCreatesCopy)', () => {
  const cases: [string, string, Obj, string, string][] = [
    ['daily, every 3 days', '2026-03-02', { type: 'daily', interval: 3 }, '2026-03-05', '2026-03-08'],
    // "Every 2 weeks on Mon, Thu", weeks from Monday: the week of 2 March, then the week of 16 March.
    ['weekly, every 2 weeks on Mon, Thu', '2026-03-02', { type: 'weekly', interval: 2, daysOfWeek: ['monday', 'thursday'], firstDayOfWeek: 'monday' }, '2026-03-05', '2026-03-16'],
    // Weeks from Sunday: Wed 4 March is in the week of Sun 1 March; the next counted week starts Sun 15 March.
    ['weekly, every 2 weeks on Sun, Wed, weeks from Sunday', '2026-03-04', { type: 'weekly', interval: 2, daysOfWeek: ['sunday', 'wednesday'], firstDayOfWeek: 'sunday' }, '2026-03-15', '2026-03-18'],
    ['absoluteMonthly on the 31st (a short month: its last day)', '2026-01-31', { type: 'absoluteMonthly', interval: 1, dayOfMonth: 31 }, '2026-02-28', '2026-03-31'],
    ['absoluteMonthly every 3 months on the 15th', '2026-01-15', { type: 'absoluteMonthly', interval: 3, dayOfMonth: 15 }, '2026-04-15', '2026-07-15'],
    ['relativeMonthly, last Friday', '2026-01-30', { type: 'relativeMonthly', interval: 1, daysOfWeek: ['friday'], index: 'last' }, '2026-02-27', '2026-03-27'],
    // Several days: the index-th day of the month that is one of them (January 2026: Thu 1, Fri 2 → the 2nd).
    ['relativeMonthly, second Thursday or Friday', '2026-01-02', { type: 'relativeMonthly', interval: 1, daysOfWeek: ['thursday', 'friday'], index: 'second' }, '2026-02-06', '2026-03-06'],
    ['absoluteYearly, 29 February (28th in other years)', '2024-02-29', { type: 'absoluteYearly', interval: 1, month: 2, dayOfMonth: 29 }, '2025-02-28', '2026-02-28'],
    ['relativeYearly, fourth Thursday of November', '2025-11-27', { type: 'relativeYearly', interval: 1, month: 11, daysOfWeek: ['thursday'], index: 'fourth' }, '2026-11-26', '2027-11-25'],
  ];
  it.each(cases)('%s', async (_name, due, pattern, next, afterThat) => {
    const recurrence = { pattern, range: { type: 'noEnd', startDate: due } };
    const task = await create({ dueDateTime: utcDue(due), recurrence });
    const rolled = await complete(task.id);
    expect(rolled).toMatchObject({ id: task.id, status: 'notStarted' });
    expect(rolled.completedDateTime).toBeUndefined();
    expect(dueDate(rolled)).toBe(next);
    const copies = (await allTasks()).filter((t) => t.id !== task.id);
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatchObject({ title: 'Repeat me', status: 'completed' });
    expect(dueDate(copies[0])).toBe(due);
    // ms-todo measured: the completed copy keeps the recurrence (docs/graph-facts.md §9.2).
    expect(copies[0].recurrence).toEqual(rolled.recurrence);
    expect(dueDate(await complete(task.id))).toBe(afterThat);
  });

  it('keeps local midnight across a DST change, east and west of UTC', async () => {
    for (const [zone, due, next, nextUtc] of [
      ['Europe/London', '2026-03-28', '2026-03-29', '2026-03-29T00:00:00'], // BST starts 29 March at 01:00
      ['Europe/London', '2026-03-29', '2026-03-30', '2026-03-29T23:00:00'],
      ['America/New_York', '2026-10-31', '2026-11-07', '2026-11-07T05:00:00'], // EST from 1 November
    ]) {
      const task = await create({
        dueDateTime: { dateTime: `${due}T00:00:00`, timeZone: zone },
        recurrence: { pattern: { type: 'weekly', interval: 1, daysOfWeek: zone === 'Europe/London' ? ['saturday', 'sunday', 'monday'] : ['saturday'] }, range: { type: 'noEnd', startDate: due, recurrenceTimeZone: zone } },
      });
      const rolled = await graph('PATCH', `${tasksUrl()}/${task.id}`, { status: 'completed' }, { Prefer: `outlook.timezone="${zone}"` });
      expect(rolled.body.dueDateTime).toEqual({ dateTime: `${next}T00:00:00.0000000`, timeZone: zone });
      const utc = await graph('GET', `${tasksUrl()}/${task.id}`);
      expect((utc.body.dueDateTime as Obj).dateTime).toBe(`${nextUtc}.0000000`);
    }
  });

  it('the reminder moves with the due date, at the same wall-clock time', async () => {
    const task = await create({
      dueDateTime: { dateTime: '2026-03-27T00:00:00', timeZone: 'Europe/London' },
      isReminderOn: true,
      reminderDateTime: { dateTime: '2026-03-27T09:30:00', timeZone: 'Europe/London' },
      recurrence: { pattern: { type: 'weekly', interval: 1, daysOfWeek: ['friday'] }, range: { type: 'noEnd', startDate: '2026-03-27', recurrenceTimeZone: 'Europe/London' } },
    });
    const rolled = await graph('PATCH', `${tasksUrl()}/${task.id}`, { status: 'completed' }, { Prefer: 'outlook.timezone="Europe/London"' });
    expect(rolled.body.reminderDateTime).toEqual({ dateTime: '2026-04-03T09:30:00.0000000', timeZone: 'Europe/London' });
    expect(rolled.body.isReminderOn).toBe(true);
  });

  it('an endDate range: the last occurrence just completes (no copy, no roll)', async () => {
    const task = await create({
      dueDateTime: utcDue('2026-03-02'),
      recurrence: { pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'] }, range: { type: 'endDate', startDate: '2026-03-02', endDate: '2026-03-15' } },
    });
    expect(dueDate(await complete(task.id))).toBe('2026-03-09');
    const last = await complete(task.id);
    expect(last).toMatchObject({ id: task.id, status: 'completed' });
    expect(dueDate(last)).toBe('2026-03-09');
    expect(await allTasks()).toHaveLength(2);
  });

  it('a numbered range counts occurrences from startDate: the third of three just completes', async () => {
    const task = await create({
      dueDateTime: utcDue('2026-03-01'),
      recurrence: { pattern: { type: 'absoluteMonthly', interval: 1, dayOfMonth: 1 }, range: { type: 'numbered', startDate: '2026-03-01', numberOfOccurrences: 3 } },
    });
    expect(dueDate(await complete(task.id))).toBe('2026-04-01');
    expect(dueDate(await complete(task.id))).toBe('2026-05-01');
    const third = await complete(task.id);
    expect(third.status).toBe('completed');
    expect((third.recurrence as { range: Obj }).range.numberOfOccurrences).toBe(3);
    expect((await allTasks()).filter((t) => t.status === 'completed')).toHaveLength(3);
    expect(await allTasks()).toHaveLength(3);
  });

  it('a recurring task gets a due date: the first occurrence from range.startDate', async () => {
    const noDue = await create({ recurrence: { pattern: { type: 'weekly', interval: 1, daysOfWeek: ['wednesday'] }, range: { type: 'noEnd', startDate: '2026-03-02' } } });
    expect(noDue.dueDateTime).toEqual({ dateTime: '2026-03-04T00:00:00.0000000', timeZone: 'UTC' });
    const plain = await create({});
    const patched = await graph('PATCH', `${tasksUrl()}/${plain.id}`, {
      recurrence: { pattern: { type: 'daily', interval: 1 }, range: { type: 'noEnd', startDate: '2026-05-01', recurrenceTimeZone: 'Europe/Berlin' } },
    });
    expect(patched.body.dueDateTime).toEqual({ dateTime: '2026-04-30T22:00:00.0000000', timeZone: 'UTC' });
  });

  it('steps and linked resources go to the completed copy too; delta and notifications see both tasks', async () => {
    const task = await create({
      dueDateTime: utcDue('2026-03-02'),
      recurrence: { pattern: { type: 'daily', interval: 1 }, range: { type: 'noEnd', startDate: '2026-03-02' } },
      linkedResources: [{ webUrl: 'https://planner.test/t/1', applicationName: 'Planner', externalId: 'p-1' }],
    });
    await graph('POST', `${tasksUrl()}/${task.id}/checklistItems`, { displayName: 'Step', isChecked: true });
    const first = await graph<Page>('GET', `${tasksUrl()}/delta`);
    await complete(task.id);
    const next = await graph<Page>('GET', first.body['@odata.deltaLink']!);
    expect(next.body.value.map((t) => t.status).sort()).toEqual(['completed', 'notStarted']);
    const copy = (await graph<Page>('GET', `${tasksUrl()}?$expand=checklistItems,linkedResources`)).body.value.find((t) => t.id !== task.id)!;
    expect((copy.checklistItems as Obj[]).map((i) => [i.displayName, i.isChecked])).toEqual([['Step', true]]);
    expect((copy.linkedResources as Obj[])[0]).toMatchObject({ externalId: 'p-1' });
  });

  it('with the quirk off, completing a recurring task just completes it', async () => {
    await emu.control.setQuirks({ recurringCompletionCreatesCopy: false });
    const task = await create({ dueDateTime: utcDue('2026-03-02'), recurrence: { pattern: { type: 'daily', interval: 1 }, range: { type: 'noEnd', startDate: '2026-03-02' } } });
    expect(await complete(task.id)).toMatchObject({ status: 'completed' });
    expect(await allTasks()).toHaveLength(1);
  });
});

describe('a due date written on a recurring task splits the series (quirk recurringDueDateWriteSplitsSeries)', () => {
  const weekly = { pattern: { type: 'weekly', interval: 1, daysOfWeek: ['thursday'] }, range: { type: 'noEnd', startDate: '2026-06-04' } };

  it('the task keeps its id and moves on to its next occurrence; a new open recurring task takes the date asked for', async () => {
    const task = await create({ dueDateTime: utcDue('2026-06-04'), recurrence: weekly });
    const patched = await graph('PATCH', `${tasksUrl()}/${task.id}`, { dueDateTime: utcDue('2026-06-09') });
    expect(patched.status).toBe(200);
    expect(patched.body.id).toBe(task.id);
    expect(dueDate(patched.body)).toBe('2026-06-11');
    const all = await allTasks();
    expect(all).toHaveLength(2);
    const split = all.find((t) => t.id !== task.id)!;
    expect(split).toMatchObject({ title: 'Repeat me', status: 'notStarted' });
    expect(dueDate(split)).toBe('2026-06-09');
    expect(split.recurrence).toEqual(patched.body.recurrence);
  });

  it('sending the recurrence again in the same PATCH still splits (ms-todo, sequence A)', async () => {
    const task = await create({ dueDateTime: utcDue('2026-06-04'), recurrence: weekly });
    await graph('PATCH', `${tasksUrl()}/${task.id}`, { dueDateTime: utcDue('2026-06-18'), recurrence: weekly });
    expect((await allTasks()).map(dueDate).sort()).toEqual(['2026-06-11', '2026-06-18']);
  });

  it('clearing the recurrence with the due date, then setting it again, moves the task cleanly (ms-todo, sequence C)', async () => {
    const task = await create({ dueDateTime: utcDue('2026-06-04'), recurrence: weekly });
    await graph('PATCH', `${tasksUrl()}/${task.id}`, { recurrence: null, dueDateTime: utcDue('2026-06-18') });
    const again = await graph('PATCH', `${tasksUrl()}/${task.id}`, { recurrence: { ...weekly, range: { type: 'noEnd', startDate: '2026-06-18' } } });
    expect(dueDate(again.body)).toBe('2026-06-18');
    expect(await allTasks()).toHaveLength(1);
  });

  it('writing the due date it already has, or any other field, does not split', async () => {
    const task = await create({ dueDateTime: utcDue('2026-06-04'), recurrence: weekly });
    await graph('PATCH', `${tasksUrl()}/${task.id}`, { dueDateTime: utcDue('2026-06-04'), title: 'Renamed' });
    await graph('PATCH', `${tasksUrl()}/${task.id}`, { importance: 'high' });
    expect(await allTasks()).toHaveLength(1);
  });

  it('a change notification for each: the new task created, the series updated', async () => {
    const task = await create({ dueDateTime: utcDue('2026-06-04'), recurrence: weekly });
    const first = await graph<Page>('GET', `${tasksUrl()}/delta`);
    await graph('PATCH', `${tasksUrl()}/${task.id}`, { dueDateTime: utcDue('2026-06-09') });
    const next = await graph<Page>('GET', first.body['@odata.deltaLink']!);
    expect(next.body.value.map(dueDate).sort()).toEqual(['2026-06-09', '2026-06-11']);
  });

  it('with the quirk off, the due date just moves', async () => {
    await emu.control.setQuirks({ recurringDueDateWriteSplitsSeries: false });
    const task = await create({ dueDateTime: utcDue('2026-06-04'), recurrence: weekly });
    const patched = await graph('PATCH', `${tasksUrl()}/${task.id}`, { dueDateTime: utcDue('2026-06-09') });
    expect(dueDate(patched.body)).toBe('2026-06-09');
    expect(await allTasks()).toHaveLength(1);
  });
});
