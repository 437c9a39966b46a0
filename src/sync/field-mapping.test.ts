import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromGraphTask,
  isFullTodoTask, pickPatch, readPlannerTaskId, toGraphPatches, readRemoteTaskMeta, taskFieldsWith, toGraphPatch, toGraphTask, UNTITLED_TASK } from './field-mapping';
import type { Recurrence } from './recurrence';
import { normaliseTaskFields } from './normalise';
import { type GraphTaskPayload, type GraphTodoTask, type TaskFields } from './types';

const FIELDS: TaskFields = taskFieldsWith({
  title: 'Buy milk',
  notes: 'Two litres\nsemi-skimmed',
  due_date: '2026-03-10',
  priority: 'high',
});

const ALLOWED_KEYS = [
  'title', 'body', 'importance', 'status', 'dueDateTime', 'startDateTime', 'isReminderOn', 'reminderDateTime',
  'categories', 'recurrence', 'completedDateTime', 'linkedResources',
];

const WEEKLY: Recurrence = {
  pattern: { type: 'weekly', interval: 2, daysOfWeek: ['monday', 'thursday'], firstDayOfWeek: 'sunday' },
  range: { type: 'noEnd', startDate: '2026-03-09' },
};

describe('toGraphTask (POST)', () => {
  it('maps every field, writes text, links back to Planner', () => {
    expect(toGraphTask(FIELDS, { timeZone: 'Europe/Berlin', link: { externalId: 'task-1', webUrl: 'https://planner.test/tasks/task-1' } })).toEqual({
      title: 'Buy milk',
      body: { content: 'Two litres\nsemi-skimmed', contentType: 'text' },
      importance: 'high',
      status: 'notStarted',
      dueDateTime: { dateTime: '2026-03-10T00:00:00.0000000', timeZone: 'Europe/Berlin' },
      linkedResources: [{ webUrl: 'https://planner.test/tasks/task-1', applicationName: 'Planner', displayName: 'Planner', externalId: 'task-1' }],
    });
  });

  it.each<[Partial<TaskFields>, GraphTaskPayload]>([
    [{ due_date: null }, { title: 'Buy milk', body: { content: FIELDS.notes, contentType: 'text' }, importance: 'high', status: 'notStarted' }],
    [
      { completed: true, completed_at: '2026-03-11T09:30:00.000Z' },
      {
        title: 'Buy milk',
        body: { content: FIELDS.notes, contentType: 'text' },
        importance: 'high',
        status: 'completed',
        completedDateTime: { dateTime: '2026-03-11T09:30:00.0000000', timeZone: 'UTC' },
        dueDateTime: { dateTime: '2026-03-10T00:00:00.0000000', timeZone: 'UTC' },
      },
    ],
  ])('with %j', (override, expected) => {
    expect(toGraphTask({ ...FIELDS, ...override })).toEqual(expected);
  });

  it('writes the open status, start date, tags, reminder (in UTC) and repeat', () => {
    const full = { ...FIELDS, status: 'inProgress' as const, start_date: '2026-03-02', categories: ['Work', ' Work', 'Red'], reminder_at: '2026-03-09T08:30:00.000Z', recurrence: WEEKLY };
    expect(toGraphTask(full, { timeZone: 'Europe/Berlin' })).toMatchObject({
      status: 'inProgress',
      startDateTime: { dateTime: '2026-03-02T00:00:00.0000000', timeZone: 'Europe/Berlin' },
      categories: ['Work', 'Red'],
      isReminderOn: true,
      reminderDateTime: { dateTime: '2026-03-09T08:30:00.0000000', timeZone: 'UTC' },
      recurrence: {
        pattern: { type: 'weekly', interval: 2, daysOfWeek: ['monday', 'thursday'], firstDayOfWeek: 'sunday' },
        range: { type: 'noEnd', startDate: '2026-03-09', recurrenceTimeZone: 'Europe/Berlin' },
      },
    });
    // A completed task is POSTed completed, whatever its open status.
    expect(toGraphTask({ ...full, completed: true }).status).toBe('completed');
  });

  it('can write the body as HTML', () => {
    expect(toGraphTask({ ...FIELDS, notes: 'a & b\nc' }, { bodyFormat: 'html' }).body).toEqual({ content: 'a &amp; b<br>c', contentType: 'html' });
  });
});

describe('toGraphPatch (only changed fields)', () => {
  it.each<[Partial<TaskFields>, GraphTaskPayload]>([
    [{}, {}],
    [{ title: 'New' }, { title: 'New' }],
    [{ notes: '' }, { body: { content: '', contentType: 'text' } }],
    [{ due_date: null }, { dueDateTime: null }],
    [{ due_date: '2026-10-25' }, { dueDateTime: { dateTime: '2026-10-25T00:00:00.0000000', timeZone: 'Europe/London' } }],
    [{ priority: 'low' }, { importance: 'low' }],
    [{ completed: true, completed_at: '2026-03-11T09:30:00Z' }, { status: 'completed', completedDateTime: { dateTime: '2026-03-11T09:30:00.0000000', timeZone: 'UTC' } }],
    [{ completed: true, completed_at: null }, { status: 'completed' }],
    [{ completed: false, completed_at: null }, { status: 'notStarted' }],
    [{ completed: false, completed_at: null, status: 'waitingOnOthers' }, { status: 'waitingOnOthers' }],
    [{ status: 'deferred' }, { status: 'deferred' }],
    [{ completed_at: '2026-03-11T09:30:00Z' }, {}],
    [{ start_date: null }, { startDateTime: null }],
    [{ categories: [] }, { categories: [] }],
    [{ reminder_at: null }, { isReminderOn: false }],
    [{ reminder_at: '2026-03-29T01:30:59.000Z' }, { isReminderOn: true, reminderDateTime: { dateTime: '2026-03-29T01:30:00.0000000', timeZone: 'UTC' } }],
    [{ recurrence: null }, { recurrence: null }],
  ])('%j → %j', (changed, expected) => {
    expect(toGraphPatch(changed, { timeZone: 'Europe/London' })).toEqual(expected);
  });

  it('never carries a property Planner does not model', () => {
    const arbFields = fc.record(
      {
        title: fc.string({ minLength: 1 }),
        notes: fc.string(),
        due_date: fc.option(fc.constant('2026-03-10')),
        priority: fc.constantFrom('low' as const, 'normal' as const, 'high' as const),
        completed: fc.boolean(),
        completed_at: fc.option(fc.constant('2026-03-11T09:30:00Z')),
        status: fc.constantFrom('notStarted' as const, 'deferred' as const),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(arbFields, (changed) => {
        for (const key of Object.keys(toGraphPatch(changed))) expect(ALLOWED_KEYS).toContain(key);
        expect('status' in toGraphPatch(changed)).toBe(changed.completed !== undefined || changed.status !== undefined);
      }),
    );
  });
});

describe('toGraphPatches: a due date of a repeating task goes out with the repeat cleared, then the repeat', () => {
  it('writes one PATCH, or two in that order', () => {
    expect(toGraphPatches({ title: 'x' })).toEqual([{ title: 'x' }]);
    const [first, second, ...rest] = toGraphPatches({ due_date: '2026-03-12', recurrence: WEEKLY }, { timeZone: 'UTC' });
    expect(first).toEqual({ dueDateTime: { dateTime: '2026-03-12T00:00:00.0000000', timeZone: 'UTC' }, recurrence: null });
    expect(second).toEqual({ recurrence: expect.objectContaining({ pattern: WEEKLY.pattern }) });
    expect(rest).toEqual([]);
    // Removing the repeat with the date is one PATCH.
    expect(toGraphPatches({ due_date: '2026-03-12', recurrence: null })).toHaveLength(1);
  });
});

describe('pickPatch: what rides along with a changed field', () => {
  const open = { ...FIELDS, status: 'inProgress' as const };
  it.each<[string, TaskFields, Parameters<typeof pickPatch>[1], Partial<TaskFields>]>([
    ['a title alone', open, ['title'], { title: 'Buy milk' }],
    ['reopening restores the open status', { ...open, completed: false }, ['completed'], { completed: false, completed_at: null, status: 'inProgress' }],
    ['completing carries its time, not the status', { ...open, completed: true, completed_at: '2026-03-11T09:30:00.000Z' }, ['completed'], { completed: true, completed_at: '2026-03-11T09:30:00.000Z' }],
    ['a status change of a completed task waits (it would reopen it in To Do)', { ...open, completed: true }, ['status'], {}],
    ['a due date of a repeating task carries the repeat (a due date alone splits the series)', { ...open, recurrence: WEEKLY }, ['due_date'], { due_date: '2026-03-10', recurrence: WEEKLY }],
    ['a due date of a one-off task goes alone', open, ['due_date'], { due_date: '2026-03-10' }],
  ])('%s', (_label, fields, changed, expected) => {
    expect(pickPatch(fields, changed)).toEqual(expected);
  });
});

describe('fromGraphTask', () => {
  const GRAPH: GraphTodoTask = {
    id: 'AAMk-1',
    '@odata.etag': 'W/"abc"',
    title: '  Buy milk ',
    body: { content: '<p>Two litres</p><p>semi-skimmed</p>', contentType: 'html' },
    importance: 'high',
    status: 'notStarted',
    dueDateTime: { dateTime: '2026-03-09T23:00:00.0000000', timeZone: 'UTC' },
    hasAttachments: false,
    createdDateTime: '2026-03-01T10:00:00Z',
    lastModifiedDateTime: '2026-03-09T10:00:00Z',
  };

  it('normalises a full task (UTC-shifted due date, HTML body)', () => {
    expect(fromGraphTask(GRAPH, { timeZone: 'Europe/Berlin' })).toEqual(FIELDS);
  });

  it('reads status, start date, tags, reminder and repeat as Graph returns them', () => {
    const graph: GraphTodoTask = {
      ...GRAPH,
      status: 'waitingOnOthers',
      startDateTime: { dateTime: '2026-03-01T23:00:00.0000000', timeZone: 'UTC' },
      categories: ['Red category', '  ', 'Work'],
      isReminderOn: true,
      reminderDateTime: { dateTime: '2026-03-09T08:30:15.0000000', timeZone: 'UTC' },
      recurrence: {
        pattern: { type: 'weekly', interval: 2, month: 0, dayOfMonth: 0, daysOfWeek: ['thursday', 'monday'], firstDayOfWeek: 'sunday', index: 'first' },
        range: { type: 'noEnd', startDate: '2026-03-09', endDate: '0001-01-01', recurrenceTimeZone: 'W. Europe Standard Time', numberOfOccurrences: 0 },
      },
    };
    expect(fromGraphTask(graph, { timeZone: 'Europe/Berlin' })).toEqual({
      ...FIELDS,
      status: 'waitingOnOthers',
      start_date: '2026-03-02',
      categories: ['Red category', 'Work'],
      reminder_at: '2026-03-09T08:30:00.000Z',
      recurrence: WEEKLY,
    });
    // A reminder that is off has no time, whatever reminderDateTime still says.
    expect(fromGraphTask({ ...graph, isReminderOn: false }).reminder_at).toBeNull();
  });

  it('a completed task keeps the open status Planner knew (Graph says only "completed")', () => {
    const known = { ...FIELDS, status: 'deferred' as const };
    expect(fromGraphTask({ ...GRAPH, status: 'completed' }, { fallback: known }).status).toBe('deferred');
    expect(fromGraphTask({ ...GRAPH, status: 'inProgress' }, { fallback: known }).status).toBe('inProgress');
  });

  it.each<[Partial<GraphTodoTask>, Partial<TaskFields>]>([
    [{ status: 'completed', completedDateTime: { dateTime: '2026-03-11T00:00:00.0000000', timeZone: 'UTC' } }, { completed: true, completed_at: '2026-03-11T00:00:00.000Z' }],
    [{ status: 'completed' }, { completed: true, completed_at: null }],
    [{ status: 'inProgress' }, { completed: false, status: 'inProgress' }],
    [{ status: 'waitingOnOthers' }, { completed: false, status: 'waitingOnOthers' }],
    [{ status: 'deferred' }, { completed: false, status: 'deferred' }],
    [{ status: 'someFutureValue' }, { completed: false, status: 'notStarted' }],
    [{ importance: 'low' }, { priority: 'low' }],
    [{ importance: 'weird' }, { priority: 'normal' }],
    [{ title: '   ' }, { title: UNTITLED_TASK }],
    [{ title: 'x'.repeat(500) }, { title: 'x'.repeat(400) }],
    [{ body: { content: 'plain\r\nbody', contentType: 'text' } }, { notes: 'plain\nbody' }],
    [{ body: null }, { notes: '' }],
    [{ dueDateTime: null }, { due_date: null }],
  ])('%j → %j', (override, expected) => {
    expect(fromGraphTask({ ...GRAPH, ...override }, { timeZone: 'Europe/Berlin' })).toEqual({ ...FIELDS, ...expected });
  });

  it('takes absent properties of a partial delta item from the fallback', () => {
    const fallback: TaskFields = { ...FIELDS, completed: true, completed_at: '2026-03-01T08:00:00.000Z' };
    expect(fromGraphTask({ id: 'AAMk-1', title: 'Renamed' }, { fallback })).toEqual({ ...fallback, title: 'Renamed' });
  });

  it('a partial item says "cleared" with null and "unchanged" by leaving the property out', () => {
    const fallback: TaskFields = { ...FIELDS };
    expect(fromGraphTask({ id: 'AAMk-1', dueDateTime: null }, { fallback }).due_date).toBeNull();
    expect(fromGraphTask({ id: 'AAMk-1', title: 'x' }, { fallback }).due_date).toBe(FIELDS.due_date);
  });

  it('a full item (it carries createdDateTime) without dueDateTime has no due date, whatever the fallback', () => {
    const { dueDateTime: _cleared, ...withoutDue } = GRAPH;
    const fallback: TaskFields = { ...FIELDS, completed: true, completed_at: '2026-03-01T08:00:00.000Z' };
    expect(isFullTodoTask(withoutDue)).toBe(true);
    expect(fromGraphTask(withoutDue, { timeZone: 'Europe/Berlin', fallback })).toEqual({ ...FIELDS, due_date: null });
  });

  it('reads an empty item as defaults', () => {
    expect(fromGraphTask({ id: 'x' })).toEqual(taskFieldsWith({ title: UNTITLED_TASK }));
  });
});

describe('round trip', () => {
  const zones = ['UTC', 'Pacific/Auckland', 'America/Los_Angeles', 'Europe/London'];
  const arbFields: fc.Arbitrary<TaskFields> = fc.record({
    title: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== ''),
    notes: fc.string({ maxLength: 80 }),
    due_date: fc.option(fc.date({ min: new Date('2000-01-01'), max: new Date('2037-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))),
    priority: fc.constantFrom('low' as const, 'normal' as const, 'high' as const),
    completed: fc.boolean(),
    completed_at: fc.constant(null),
    status: fc.constantFrom('notStarted' as const, 'inProgress' as const, 'waitingOnOthers' as const, 'deferred' as const),
    start_date: fc.option(fc.date({ min: new Date('2000-01-01'), max: new Date('2037-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))),
    categories: fc.uniqueArray(fc.constantFrom('Red category', 'Blue', 'Work', 'Ünïcode ✓'), { maxLength: 3 }),
    reminder_at: fc.option(fc.date({ min: new Date('2000-01-01'), max: new Date('2037-12-31'), noInvalidDate: true }).map((d) => new Date(Math.floor(d.getTime() / 60_000) * 60_000).toISOString())),
    recurrence: fc.constantFrom<Recurrence | null>(
      null,
      { pattern: { type: 'daily', interval: 3 }, range: { type: 'endDate', startDate: '2026-03-01', endDate: '2026-12-31' } },
      { pattern: { type: 'absoluteYearly', interval: 1, month: 2, dayOfMonth: 29 }, range: { type: 'noEnd', startDate: '2028-02-29' } },
    ),
  });

  it('Planner → Graph → Planner keeps every compared field (text and HTML bodies)', () => {
    fc.assert(
      fc.property(arbFields, fc.constantFrom(...zones), fc.constantFrom('text' as const, 'html' as const), (fields, zone, bodyFormat) => {
        const wire = toGraphTask(fields, { timeZone: zone, bodyFormat }) as GraphTodoTask;
        const back = fromGraphTask(wire, { timeZone: zone, fallback: fields });
        const expectNotes = bodyFormat === 'html' ? normaliseTaskFields(back).notes : normaliseTaskFields(fields).notes;
        expect({ ...normaliseTaskFields(back), notes: expectNotes }).toEqual(normaliseTaskFields(fields));
      }),
    );
  });
});

describe('readPlannerTaskId', () => {
  it.each<[GraphTodoTask, string | null]>([
    [{ linkedResources: [{ applicationName: 'Planner', externalId: 'task-1' }] }, 'task-1'],
    [{ linkedResources: [{ applicationName: 'Other', externalId: 'x' }, { applicationName: 'Planner', externalId: 'task-2' }] }, 'task-2'],
    [{ linkedResources: [{ applicationName: 'Planner', externalId: '' }] }, null],
    [{ linkedResources: null }, null],
    [{}, null],
  ])('%j → %j', (task, expected) => {
    expect(readPlannerTaskId(task)).toBe(expected);
  });
});

describe('readRemoteTaskMeta', () => {
  it.each<[GraphTodoTask, ReturnType<typeof readRemoteTaskMeta>]>([
    [
      { id: 'g1', '@odata.etag': 'W/"x"', lastModifiedDateTime: '2026-03-10T09:00:00Z', linkedResources: [{ applicationName: 'Planner', externalId: 't1' }] },
      { graphTaskId: 'g1', etag: 'W/"x"', modifiedAt: '2026-03-10T09:00:00Z', removed: null, plannerTaskId: 't1', plannerTaskIds: ['t1'] },
    ],
    [{ id: 'g2', '@removed': { reason: 'deleted' } }, { graphTaskId: 'g2', etag: null, modifiedAt: null, removed: 'deleted', plannerTaskId: null, plannerTaskIds: [] }],
    [{ id: 'g3', '@removed': { reason: 'changed' } }, { graphTaskId: 'g3', etag: null, modifiedAt: null, removed: 'changed', plannerTaskId: null, plannerTaskIds: [] }],
    [{ id: 'g4', '@removed': {} }, { graphTaskId: 'g4', etag: null, modifiedAt: null, removed: 'deleted', plannerTaskId: null, plannerTaskIds: [] }],
    [
      { id: 'g5', linkedResources: [{ applicationName: 'Planner', externalId: 'stale' }, { applicationName: 'Other', externalId: 'x' }, { applicationName: 'Planner', externalId: 't5' }] },
      { graphTaskId: 'g5', etag: null, modifiedAt: null, removed: null, plannerTaskId: 'stale', plannerTaskIds: ['stale', 't5'] },
    ],
  ])('%j', (task, expected) => {
    expect(readRemoteTaskMeta(task)).toEqual(expected);
  });
});
