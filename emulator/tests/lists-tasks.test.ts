/** Conformance: Graph v1.0 To Do lists and tasks (issue point 2; docs/graph-facts.md §1, §7). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../index';
import { graphClient, start } from './helpers';

let emu: Emulator;
let graph: ReturnType<typeof graphClient>;
let defaultListId: string;

type Obj = Record<string, unknown>;
type Page = { value: Obj[]; '@odata.nextLink'?: string };

beforeAll(async () => {
  emu = await start();
  const tokens = await emu.control.mintToken('sandbox@planner.test');
  graph = graphClient(emu, tokens.access_token);
  const lists = await graph<Page>('GET', '/me/todo/lists');
  defaultListId = String(lists.body.value.find((l) => l.wellknownListName === 'defaultList')!.id);
});
afterAll(() => emu.close());

describe('/me and lists (docs/graph-facts.md §1: todoTaskList, endpoints)', () => {
  it('GET /me returns the signed-in user', async () => {
    const me = await graph('GET', '/me');
    expect(me.body).toMatchObject({ displayName: 'Sandbox User', mail: 'sandbox@planner.test', userPrincipalName: 'sandbox@planner.test' });
  });

  it('a new mailbox has the built-in Tasks (defaultList) and Flagged Emails (flaggedEmails) lists', async () => {
    const lists = await graph<Page>('GET', '/me/todo/lists');
    expect(lists.body.value.map((l) => [l.displayName, l.wellknownListName])).toEqual(
      expect.arrayContaining([['Tasks', 'defaultList'], ['Flagged Emails', 'flaggedEmails']]),
    );
  });

  it('POST 201 / GET 200 / PATCH 200 / DELETE 204 for a list, and 404 after deletion', async () => {
    const created = await graph('POST', '/me/todo/lists', { displayName: 'Project A' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ displayName: 'Project A', isOwner: true, isShared: false, wellknownListName: 'none' });
    const id = String(created.body.id);
    expect((await graph('GET', `/me/todo/lists/${id}`)).status).toBe(200);
    const renamed = await graph('PATCH', `/me/todo/lists/${id}`, { displayName: 'Project B' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.displayName).toBe('Project B');
    expect(renamed.body['@odata.etag']).not.toBe(created.body['@odata.etag']);
    expect((await graph('DELETE', `/me/todo/lists/${id}`)).status).toBe(204);
    const gone = await graph<{ error: { code: string } }>('GET', `/me/todo/lists/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('ErrorItemNotFound');
  });

  it('the built-in lists cannot be renamed or deleted', async () => {
    expect((await graph('PATCH', `/me/todo/lists/${defaultListId}`, { displayName: 'Mine' })).status).toBe(400);
    expect((await graph('DELETE', `/me/todo/lists/${defaultListId}`)).status).toBe(400);
  });

  it('an unknown property is a 400 in Graph error JSON', async () => {
    const result = await graph<{ error: { code: string; message: string; innerError: Obj } }>('POST', '/me/todo/lists', { displayName: 'x', colour: 'red' });
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe('BadRequest');
    expect(result.body.error.innerError['request-id']).toBeTruthy();
  });

  it('pages lists with $top and @odata.nextLink', async () => {
    for (let i = 0; i < 3; i++) await graph('POST', '/me/todo/lists', { displayName: `Paged ${i}` });
    const seen: string[] = [];
    let next: string | undefined = '/me/todo/lists?$top=2';
    while (next) {
      const page: { body: Page } = await graph<Page>('GET', next);
      expect(page.body.value.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.value.map((l) => String(l.displayName)));
      next = page.body['@odata.nextLink'];
    }
    expect(seen).toEqual(expect.arrayContaining(['Tasks', 'Flagged Emails', 'Paged 0', 'Paged 1', 'Paged 2']));
  });
});

describe('tasks (docs/graph-facts.md §1: todoTask properties; §7: ETag / If-Match)', () => {
  const fullTask = {
    title: 'Write report',
    body: { content: '<p>Draft</p>', contentType: 'html' },
    importance: 'high',
    status: 'inProgress',
    isReminderOn: true,
    categories: ['Blue category'],
    dueDateTime: { dateTime: '2025-06-10T00:00:00', timeZone: 'UTC' },
    startDateTime: { dateTime: '2025-06-01T00:00:00', timeZone: 'UTC' },
    reminderDateTime: { dateTime: '2025-06-09T09:00:00', timeZone: 'UTC' },
    recurrence: { pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'] }, range: { type: 'noEnd', startDate: '2025-06-10' } },
  };

  it('round-trips every documented property', async () => {
    const created = await graph('POST', `/me/todo/lists/${defaultListId}/tasks`, fullTask);
    expect(created.status).toBe(201);
    const read = await graph('GET', `/me/todo/lists/${defaultListId}/tasks/${created.body.id}`);
    expect(read.body).toMatchObject({
      title: 'Write report',
      body: { content: '<p>Draft</p>', contentType: 'html' },
      importance: 'high',
      status: 'inProgress',
      isReminderOn: true,
      categories: ['Blue category'],
      dueDateTime: { dateTime: '2025-06-10T00:00:00.0000000', timeZone: 'UTC' },
      startDateTime: { dateTime: '2025-06-01T00:00:00.0000000', timeZone: 'UTC' },
      reminderDateTime: { dateTime: '2025-06-09T09:00:00.0000000', timeZone: 'UTC' },
      recurrence: { pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'] } },
      hasAttachments: false,
    });
    expect(read.body.createdDateTime).toMatch(/Z$/);
    expect(read.body.lastModifiedDateTime).toMatch(/Z$/);
    expect(String(read.body['@odata.etag'])).toMatch(/^W\/"/);
  });

  it('a local-midnight due date comes back in UTC unless Prefer: outlook.timezone (docs/graph-facts.md §1 date quirks)', async () => {
    const created = await graph('POST', `/me/todo/lists/${defaultListId}/tasks`, {
      title: 'Due in Berlin',
      dueDateTime: { dateTime: '2025-03-10T00:00:00', timeZone: 'W. Europe Standard Time' },
    });
    expect(created.body.dueDateTime).toEqual({ dateTime: '2025-03-09T23:00:00.0000000', timeZone: 'UTC' });
    const local = await graph('GET', `/me/todo/lists/${defaultListId}/tasks/${created.body.id}`, undefined, { Prefer: 'outlook.timezone="Europe/Berlin"' });
    expect(local.body.dueDateTime).toEqual({ dateTime: '2025-03-10T00:00:00.0000000', timeZone: 'Europe/Berlin' });
  });

  it('completedDateTime comes back as UTC midnight (docs/graph-facts.md §1)', async () => {
    const created = await graph('POST', `/me/todo/lists/${defaultListId}/tasks`, { title: 'Finish me' });
    const done = await graph('PATCH', `/me/todo/lists/${defaultListId}/tasks/${created.body.id}`, { status: 'completed' });
    expect((done.body.completedDateTime as Obj).dateTime).toMatch(/T00:00:00\.0000000$/);
    expect((done.body.completedDateTime as Obj).timeZone).toBe('UTC');
    const reopened = await graph('PATCH', `/me/todo/lists/${defaultListId}/tasks/${created.body.id}`, { status: 'notStarted' });
    expect(reopened.body.completedDateTime).toBeUndefined();
  });

  it('@odata.etag changes on every change; If-Match with a stale etag → 412', async () => {
    const created = await graph('POST', `/me/todo/lists/${defaultListId}/tasks`, { title: 'Etag' });
    const first = String(created.body['@odata.etag']);
    const patched = await graph('PATCH', `/me/todo/lists/${defaultListId}/tasks/${created.body.id}`, { title: 'Etag 2' }, { 'If-Match': first });
    expect(patched.status).toBe(200);
    expect(patched.body['@odata.etag']).not.toBe(first);
    const stale = await graph<{ error: { code: string } }>('PATCH', `/me/todo/lists/${defaultListId}/tasks/${created.body.id}`, { title: 'Etag 3' }, { 'If-Match': first });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('ErrorIrresolvableConflict');
  });

  it('DELETE 204, then 404 ErrorItemNotFound', async () => {
    const created = await graph('POST', `/me/todo/lists/${defaultListId}/tasks`, { title: 'Delete me' });
    expect((await graph('DELETE', `/me/todo/lists/${defaultListId}/tasks/${created.body.id}`)).status).toBe(204);
    expect((await graph('GET', `/me/todo/lists/${defaultListId}/tasks/${created.body.id}`)).status).toBe(404);
  });

  it('bad enum values and unknown properties are 400s', async () => {
    expect((await graph('POST', `/me/todo/lists/${defaultListId}/tasks`, { title: 'x', importance: 'urgent' })).status).toBe(400);
    expect((await graph('POST', `/me/todo/lists/${defaultListId}/tasks`, { title: 'x', dueDate: '2025-01-01' })).status).toBe(400);
  });

  it('pages tasks with @odata.nextLink (default page size 50, docs/graph-facts.md §1 paging)', async () => {
    const list = await graph('POST', '/me/todo/lists', { displayName: 'Many tasks' });
    for (let i = 0; i < 103; i++) await emu.control.createTask('sandbox@planner.test', String(list.body.id), { title: `T${i}` });
    const titles: string[] = [];
    let next: string | undefined = `/me/todo/lists/${list.body.id}/tasks`;
    let pages = 0;
    while (next) {
      const page: { body: Page } = await graph<Page>('GET', next);
      titles.push(...page.body.value.map((t) => String(t.title)));
      next = page.body['@odata.nextLink'];
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(new Set(titles).size).toBe(103);
  });

  it('supports $filter on status', async () => {
    const list = await graph('POST', '/me/todo/lists', { displayName: 'Filter' });
    await graph('POST', `/me/todo/lists/${list.body.id}/tasks`, { title: 'open' });
    await graph('POST', `/me/todo/lists/${list.body.id}/tasks`, { title: 'done', status: 'completed' });
    const open = await graph<Page>('GET', `/me/todo/lists/${list.body.id}/tasks?$filter=status ne 'completed'`);
    expect(open.body.value.map((t) => t.title)).toEqual(['open']);
  });
});

describe('checklistItems and linkedResources (docs/graph-facts.md §1: relationships)', () => {
  it('CRUD on checklistItems; $expand shows them; the task etag changes', async () => {
    const task = await graph('POST', `/me/todo/lists/${defaultListId}/tasks`, { title: 'With steps' });
    const base = `/me/todo/lists/${defaultListId}/tasks/${task.body.id}`;
    const item = await graph('POST', `${base}/checklistItems`, { displayName: 'Step 1' });
    expect(item.status).toBe(201);
    expect(item.body).toMatchObject({ displayName: 'Step 1', isChecked: false });
    const checked = await graph('PATCH', `${base}/checklistItems/${item.body.id}`, { isChecked: true });
    expect(checked.body.isChecked).toBe(true);
    expect(checked.body.checkedDateTime).toBeTruthy();
    const expanded = await graph('GET', `${base}?$expand=checklistItems`);
    expect((expanded.body.checklistItems as Obj[]).map((i) => i.displayName)).toEqual(['Step 1']);
    expect(expanded.body['@odata.etag']).not.toBe(task.body['@odata.etag']);
    expect((await graph('DELETE', `${base}/checklistItems/${item.body.id}`)).status).toBe(204);
    expect(((await graph<Page>('GET', `${base}/checklistItems`)).body.value)).toEqual([]);
  });

  it('rejects checklistItems inside a task PATCH', async () => {
    const task = await graph('POST', `/me/todo/lists/${defaultListId}/tasks`, { title: 'No inline steps' });
    const result = await graph('PATCH', `/me/todo/lists/${defaultListId}/tasks/${task.body.id}`, { checklistItems: [{ displayName: 'x' }] });
    expect(result.status).toBe(400);
  });

  it('CRUD on linkedResources, also inline at creation', async () => {
    const task = await graph('POST', `/me/todo/lists/${defaultListId}/tasks`, {
      title: 'Linked',
      linkedResources: [{ webUrl: 'https://planner.test/t/1', applicationName: 'Planner', displayName: 'Task 1', externalId: 'p-1' }],
    });
    expect((task.body.linkedResources as Obj[])[0]).toMatchObject({ externalId: 'p-1', applicationName: 'Planner' });
    const base = `/me/todo/lists/${defaultListId}/tasks/${task.body.id}/linkedResources`;
    const added = await graph('POST', base, { webUrl: 'https://planner.test/t/2', applicationName: 'Planner', externalId: 'p-2' });
    expect(added.status).toBe(201);
    const patched = await graph('PATCH', `${base}/${added.body.id}`, { displayName: 'Renamed' });
    expect(patched.body.displayName).toBe('Renamed');
    expect((await graph<Page>('GET', base)).body.value).toHaveLength(2);
    expect((await graph('DELETE', `${base}/${added.body.id}`)).status).toBe(204);
    expect((await graph<Page>('GET', base)).body.value).toHaveLength(1);
  });
});

describe('many mailboxes (issue: tests create 200 users)', () => {
  it('keeps 200 mailboxes apart: a list id of one user is a 404 for another', async () => {
    const users = await Promise.all(Array.from({ length: 200 }, (_, i) => emu.control.createUser({ email: `user${i}@planner.test` })));
    expect(new Set(users.map((u) => u.user.id)).size).toBe(200);
    const a = graphClient(emu, (await emu.control.mintToken(users[0].user.id)).access_token);
    const b = graphClient(emu, (await emu.control.mintToken(users[199].user.id)).access_token);
    const list = await a('POST', '/me/todo/lists', { displayName: 'Private' });
    expect((await b('GET', `/me/todo/lists/${list.body.id}`)).status).toBe(404);
    expect(((await b<Page>('GET', '/me/todo/lists')).body.value).map((l) => l.displayName)).not.toContain('Private');
  });
});

describe('control API basics (issue point 7)', () => {
  it('creates users, mints tokens and reads state', async () => {
    const created = await emu.control.createUser({ email: 'ctl.user@planner.test' });
    expect(created.lists.map((l) => l.wellknownListName).sort()).toEqual(['defaultList', 'flaggedEmails']);
    const token = await emu.control.mintToken('ctl.user@planner.test');
    const asUser = graphClient(emu, token.access_token);
    const lists = await asUser<Page>('GET', '/me/todo/lists');
    const listId = String(lists.body.value[0].id);
    await asUser('POST', `/me/todo/lists/${listId}/tasks`, { title: 'From Graph' });
    const outlookTask = await emu.control.createTask(created.user.id, listId, { title: 'From Outlook' });
    const mailbox = await emu.control.mailbox(created.user.id);
    const titles = mailbox.lists.find((l) => l.id === listId)!.tasks.map((t) => t.title);
    expect(titles).toEqual(['From Graph', 'From Outlook']);
    const moved = await emu.control.moveTask(created.user.id, listId, outlookTask.id, String(lists.body.value[1].id));
    expect(moved.id).not.toBe(outlookTask.id);
    const state = await emu.control.state();
    expect(state.users.map((u) => u.user.email)).toContain('ctl.user@planner.test');
  });
});
