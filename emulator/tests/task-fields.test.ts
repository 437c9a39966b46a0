/**
 * Reminders, start date, categories and status (issue 16 §2, §4; docs `resources/todotask.md`):
 * dateTimeTimeZone values stored as instants and answered in UTC unless `Prefer:
 * outlook.timezone` (the rule due dates follow, docs/graph-facts.md §1); partial delta items
 * carry only what changed (quirk partialDeltaUpdates, docs/graph-facts.md §2).
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
  listId = (await emu.control.createList(user, 'Fields')).id;
});

const base = () => `/me/todo/lists/${listId}/tasks`;
const berlin = { Prefer: 'outlook.timezone="Europe/Berlin"' };

async function round(url: string, headers: Record<string, string> = {}) {
  const items: Obj[] = [];
  let next = url;
  for (;;) {
    const page = await graph<Page>('GET', next, undefined, headers);
    items.push(...page.body.value);
    if (page.body['@odata.deltaLink']) return { items, deltaLink: page.body['@odata.deltaLink'] };
    next = page.body['@odata.nextLink']!;
  }
}

describe('reminderDateTime and isReminderOn', () => {
  it('stored as an instant, answered in UTC, or in the zone Prefer: outlook.timezone names (GET, list, delta, PATCH)', async () => {
    const created = await graph('POST', base(), {
      title: 'Call the dentist',
      isReminderOn: true,
      reminderDateTime: { dateTime: '2026-10-25T09:30:00', timeZone: 'Europe/Berlin' }, // the day CEST ends
    });
    expect(created.body).toMatchObject({ isReminderOn: true, reminderDateTime: { dateTime: '2026-10-25T08:30:00.0000000', timeZone: 'UTC' } });
    const local = { dateTime: '2026-10-25T09:30:00.0000000', timeZone: 'Europe/Berlin' };
    expect((await graph('GET', `${base()}/${created.body.id}`, undefined, berlin)).body.reminderDateTime).toEqual(local);
    expect((await graph<Page>('GET', base(), undefined, berlin)).body.value[0].reminderDateTime).toEqual(local);
    expect((await round(`${base()}/delta`, berlin)).items[0].reminderDateTime).toEqual(local);
    const moved = await graph('PATCH', `${base()}/${created.body.id}`, { reminderDateTime: { dateTime: '2026-10-26T07:15:00', timeZone: 'America/New_York' } }, berlin);
    expect(moved.body.reminderDateTime).toEqual({ dateTime: '2026-10-26T12:15:00.0000000', timeZone: 'Europe/Berlin' });
    const off = await graph('PATCH', `${base()}/${created.body.id}`, { isReminderOn: false, reminderDateTime: null });
    expect(off.body.isReminderOn).toBe(false);
    expect(off.body).not.toHaveProperty('reminderDateTime');
  });

  it('an unknown zone is a 400, in the body and in Prefer', async () => {
    expect((await graph('POST', base(), { title: 'x', reminderDateTime: { dateTime: '2026-01-01T09:00:00', timeZone: 'Atlantis' } })).status).toBe(400);
    expect((await graph('GET', base(), undefined, { Prefer: 'outlook.timezone="Atlantis"' })).status).toBe(400);
  });
});

describe('startDateTime, categories, status', () => {
  it('startDateTime follows the dueDateTime rule', async () => {
    const created = await graph('POST', base(), {
      title: 'Plan',
      startDateTime: { dateTime: '2026-03-10T00:00:00', timeZone: 'Europe/Berlin' },
      dueDateTime: { dateTime: '2026-03-12T00:00:00', timeZone: 'Europe/Berlin' },
    });
    expect(created.body.startDateTime).toEqual({ dateTime: '2026-03-09T23:00:00.0000000', timeZone: 'UTC' });
    const local = await graph('GET', `${base()}/${created.body.id}`, undefined, berlin);
    expect(local.body.startDateTime).toEqual({ dateTime: '2026-03-10T00:00:00.0000000', timeZone: 'Europe/Berlin' });
    const cleared = await graph('PATCH', `${base()}/${created.body.id}`, { startDateTime: null });
    expect(cleared.body).not.toHaveProperty('startDateTime');
    expect(cleared.body).toHaveProperty('dueDateTime');
  });

  it('categories are kept as given: any strings, in order; an empty array clears them; a non-string is a 400', async () => {
    const created = await graph('POST', base(), { title: 'Tagged', categories: ['Red category', 'Bills', 'Zürich ☂'] });
    expect(created.body.categories).toEqual(['Red category', 'Bills', 'Zürich ☂']);
    expect((await graph('PATCH', `${base()}/${created.body.id}`, { categories: [] })).body.categories).toEqual([]);
    expect((await graph('PATCH', `${base()}/${created.body.id}`, { categories: ['ok', 3] })).status).toBe(400);
  });

  it('all five status values; only completed has a completedDateTime; others are a 400', async () => {
    const created = await graph('POST', base(), { title: 'Status' });
    expect(created.body.status).toBe('notStarted');
    for (const status of ['inProgress', 'waitingOnOthers', 'deferred', 'completed', 'notStarted']) {
      const patched = await graph('PATCH', `${base()}/${created.body.id}`, { status });
      expect(patched.body.status).toBe(status);
      expect(Boolean(patched.body.completedDateTime)).toBe(status === 'completed');
    }
    const filtered = await graph<Page>('GET', `${base()}?$filter=status eq 'notStarted'`);
    expect(filtered.body.value.map((t) => t.id)).toEqual([created.body.id]);
    expect((await graph('PATCH', `${base()}/${created.body.id}`, { status: 'blocked' })).status).toBe(400);
  });
});

describe('partial delta items carry only what changed (quirk partialDeltaUpdates)', () => {
  const changes: [string, Obj, string[]][] = [
    ['a reminder', { isReminderOn: true, reminderDateTime: { dateTime: '2026-05-01T08:00:00', timeZone: 'UTC' } }, ['isReminderOn', 'reminderDateTime']],
    ['a start date', { startDateTime: { dateTime: '2026-05-01T00:00:00', timeZone: 'UTC' } }, ['startDateTime']],
    ['categories', { categories: ['Blue category'] }, ['categories']],
    ['a status', { status: 'waitingOnOthers' }, ['status']],
    ['completion', { status: 'completed' }, ['status', 'completedDateTime']],
    ['a recurrence', { recurrence: { pattern: { type: 'daily', interval: 1 }, range: { type: 'noEnd', startDate: '2026-05-01' } }, dueDateTime: { dateTime: '2026-05-01T00:00:00', timeZone: 'UTC' } }, ['recurrence', 'dueDateTime']],
  ];
  it.each(changes)('%s', async (_name, patch, props) => {
    await emu.control.setQuirks({ partialDeltaUpdates: true });
    const task = await graph('POST', base(), { title: 'Partial', importance: 'high', body: { content: 'notes', contentType: 'text' } });
    const first = await round(`${base()}/delta`);
    expect((await graph('PATCH', `${base()}/${task.body.id}`, patch)).status).toBe(200);
    const [item] = (await round(first.deltaLink)).items;
    expect(Object.keys(item).sort()).toEqual(['@odata.etag', 'id', 'lastModifiedDateTime', ...props].sort());
  });

  it('a recurring completion: the series carries status, due date and reminder; the copy is whole', async () => {
    await emu.control.setQuirks({ partialDeltaUpdates: true });
    const task = await graph('POST', base(), {
      title: 'Water plants',
      dueDateTime: { dateTime: '2026-05-01T00:00:00', timeZone: 'UTC' },
      isReminderOn: true,
      reminderDateTime: { dateTime: '2026-05-01T08:00:00', timeZone: 'UTC' },
      recurrence: { pattern: { type: 'daily', interval: 2 }, range: { type: 'noEnd', startDate: '2026-05-01' } },
    });
    const first = await round(`${base()}/delta`);
    await graph('PATCH', `${base()}/${task.body.id}`, { status: 'completed' });
    const items = (await round(first.deltaLink)).items;
    const series = items.find((i) => i.id === task.body.id)!;
    expect(Object.keys(series).sort()).toEqual(['@odata.etag', 'completedDateTime', 'dueDateTime', 'id', 'lastModifiedDateTime', 'reminderDateTime', 'status']);
    expect(series).toMatchObject({ status: 'notStarted', completedDateTime: null, reminderDateTime: { dateTime: '2026-05-03T08:00:00.0000000' } });
    const copy = items.find((i) => i.id !== task.body.id)!;
    expect(copy).toMatchObject({ title: 'Water plants', status: 'completed', createdDateTime: expect.any(String) });
  });
});
