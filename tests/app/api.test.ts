/** The JSON API, by calling the route handlers directly with Request objects. */
import { beforeAll, describe, expect, it } from 'vitest';
import * as projectRoute from '../../src/app/api/projects/[id]/route';
import * as projectsRoute from '../../src/app/api/projects/route';
import * as settingsRoute from '../../src/app/api/settings/route';
import * as reorderRoute from '../../src/app/api/tasks/[id]/reorder/route';
import * as restoreRoute from '../../src/app/api/tasks/[id]/restore/route';
import * as taskRoute from '../../src/app/api/tasks/[id]/route';
import * as tasksRoute from '../../src/app/api/tasks/route';
import { testEngines, useTestDatabase } from '../helpers/db';
import { countRows } from './fixtures';
import { installProcessDatabase, signUpUser, useAppTestEnv, type TestUser } from './harness';

useAppTestEnv();

const BASE = 'http://localhost:3000';

function request(user: TestUser | null, method: string, path: string, body?: unknown, raw?: string): Request {
  const headers = new Headers(user ? { cookie: user.cookie } : {});
  if (body !== undefined || raw !== undefined) headers.set('content-type', 'application/json');
  return new Request(BASE + path, { method, headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
}

const idParams = (id: string) => ({ params: Promise.resolve({ id }) });

async function json(response: Response) {
  return { status: response.status, body: await response.json() };
}

describe.each(testEngines())('JSON API on %s', (engine) => {
  const t = useTestDatabase(engine);
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    installProcessDatabase(t.database);
    alice = await signUpUser(t.database, 'Alice');
    bob = await signUpUser(t.database, 'Bob');
  });

  it('answers 401 JSON without a session', async () => {
    for (const response of [
      await projectsRoute.GET(request(null, 'GET', '/api/projects')),
      await tasksRoute.POST(request(null, 'POST', '/api/tasks', { title: 'x' })),
      await taskRoute.DELETE(request(null, 'DELETE', '/api/tasks/x'), idParams('x')),
    ]) {
      expect(await json(response)).toEqual({ status: 401, body: { error: { code: 'unauthorized', message: 'Sign in to continue' } } });
    }
  });

  it('refuses writes from another site (CSRF) but accepts its own origin', async () => {
    const foreign = request(alice, 'POST', '/api/tasks', { title: 'csrf' });
    foreign.headers.set('origin', 'https://evil.example');
    const refused = await json(await tasksRoute.POST(foreign));
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'cross_site_request' } } });
    // The message names the address Planner answers at.
    expect((refused.body as { error: { message: string } }).error.message).toMatch(/open Planner at https?:\/\//);
    const own = request(alice, 'POST', '/api/tasks', { title: 'same origin' });
    own.headers.set('origin', BASE);
    expect((await tasksRoute.POST(own)).status).toBe(201);
    const read = request(alice, 'GET', '/api/tasks');
    read.headers.set('origin', 'https://evil.example');
    expect((await tasksRoute.GET(read)).status).toBe(200);
    const [task] = (await json(await tasksRoute.GET(request(alice, 'GET', '/api/tasks')))).body.tasks;
    await taskRoute.DELETE(request(alice, 'DELETE', `/api/tasks/${task.id}`), idParams(task.id));
  });

  it('creates, lists, gets, updates and deletes projects', async () => {
    const created = await json(await projectsRoute.POST(request(alice, 'POST', '/api/projects', { name: 'Website' })));
    expect(created.status).toBe(201);
    expect(created.body.project).toMatchObject({ name: 'Website', status: 'Active', open_count: 0, total_count: 0 });
    const id = created.body.project.id;
    const listed = await json(await projectsRoute.GET(request(alice, 'GET', '/api/projects')));
    expect(listed.body.projects.map((p: { id: string }) => p.id)).toContain(id);
    const got = await json(await projectRoute.GET(request(alice, 'GET', `/api/projects/${id}`), idParams(id)));
    expect(got.body.project.name).toBe('Website');
    const patched = await json(
      await projectRoute.PATCH(request(alice, 'PATCH', `/api/projects/${id}`, { name: 'Site', status: 'Completed' }), idParams(id)),
    );
    expect(patched).toMatchObject({ status: 200, body: { project: { name: 'Site', status: 'Completed', is_closed: true } } });
    const deleted = await json(await projectRoute.DELETE(request(alice, 'DELETE', `/api/projects/${id}`), idParams(id)));
    expect(deleted.status).toBe(200);
    expect((await projectRoute.GET(request(alice, 'GET', `/api/projects/${id}`), idParams(id))).status).toBe(404);
  });

  it('creates, lists with filters, updates, reorders, deletes and restores tasks', async () => {
    const project = (await json(await projectsRoute.POST(request(alice, 'POST', '/api/projects', { name: 'Home' })))).body.project;
    const make = async (title: string) =>
      (await json(await tasksRoute.POST(request(alice, 'POST', '/api/tasks', { title, project_id: project.id })))).body.task;
    const a = await make('Paint');
    const b = await make('Sand');
    const patched = await json(
      await taskRoute.PATCH(
        request(alice, 'PATCH', `/api/tasks/${a.id}`, { completed: true, due_date: '2025-06-01', priority: 'high', notes: 'blue' }),
        idParams(a.id),
      ),
    );
    expect(patched.body.task).toMatchObject({ completed: true, due_date: '2025-06-01', priority: 'high', notes: 'blue', version: 2 });
    const open = await json(await tasksRoute.GET(request(alice, 'GET', `/api/tasks?project=${project.id}&status=open`)));
    expect(open.body.tasks.map((x: { title: string }) => x.title)).toEqual(['Sand']);
    const reordered = await json(
      await reorderRoute.POST(request(alice, 'POST', `/api/tasks/${b.id}/reorder`, { after_id: null }), idParams(b.id)),
    );
    expect(reordered.status).toBe(200);
    const all = await json(await tasksRoute.GET(request(alice, 'GET', `/api/tasks?project=${project.id}&status=all`)));
    expect(all.body.tasks.map((x: { title: string }) => x.title)).toEqual(['Sand', 'Paint']);
    expect((await taskRoute.DELETE(request(alice, 'DELETE', `/api/tasks/${b.id}`), idParams(b.id))).status).toBe(200);
    expect((await taskRoute.GET(request(alice, 'GET', `/api/tasks/${b.id}`), idParams(b.id))).status).toBe(404);
    const restored = await json(await restoreRoute.POST(request(alice, 'POST', `/api/tasks/${b.id}/restore`), idParams(b.id)));
    expect(restored.body.task).toMatchObject({ id: b.id, title: 'Sand' });
    const inbox = await json(await tasksRoute.GET(request(alice, 'GET', '/api/tasks')));
    expect(inbox.body.tasks).toEqual([]);
  });

  it('answers bad input with 4xx {error: {code, message, field}} and saves nothing', async () => {
    const before = await countRows(t.db, 'tasks', alice.id);
    const cases: [Response, number, string, string | undefined][] = [
      [await tasksRoute.POST(request(alice, 'POST', '/api/tasks', undefined, '{"title": ')), 400, 'malformed_json', undefined],
      [await tasksRoute.POST(request(alice, 'POST', '/api/tasks', { title: '' })), 400, 'invalid_request', 'title'],
      [await tasksRoute.POST(request(alice, 'POST', '/api/tasks', { title: 'x'.repeat(401) })), 400, 'invalid_request', 'title'],
      [await tasksRoute.POST(request(alice, 'POST', '/api/tasks', { title: 'ok', due_date: '2025-13-01' })), 400, 'invalid_request', 'due_date'],
      [await tasksRoute.POST(request(alice, 'POST', '/api/tasks', { title: 'ok', priority: 'urgent' })), 400, 'invalid_request', 'priority'],
      [
        await tasksRoute.POST(request(alice, 'POST', '/api/tasks', { title: 'ok', project_id: '00000000-0000-4000-8000-000000000000' })),
        400,
        'unknown_project',
        'project_id',
      ],
      [await tasksRoute.POST(request(alice, 'POST', '/api/tasks', ['not', 'an', 'object'])), 400, 'invalid_request', undefined],
      [await tasksRoute.GET(request(alice, 'GET', '/api/tasks?status=finished')), 400, 'invalid_request', 'status'],
      [await projectsRoute.POST(request(alice, 'POST', '/api/projects', { name: ' ' })), 400, 'invalid_request', 'name'],
      [await taskRoute.GET(request(alice, 'GET', '/api/tasks/not-a-uuid'), idParams('not-a-uuid')), 404, 'task_not_found', undefined],
    ];
    for (const [response, status, code, field] of cases) {
      const { status: got, body } = await json(response);
      expect([got, body.error.code, body.error.field]).toEqual([status, code, field]);
      expect(typeof body.error.message).toBe('string');
    }
    expect(await countRows(t.db, 'tasks', alice.id)).toBe(before);
  });

  it('never lets one user read or change another user’s data', async () => {
    const project = (await json(await projectsRoute.POST(request(alice, 'POST', '/api/projects', { name: 'Private' })))).body.project;
    const task = (await json(await tasksRoute.POST(request(alice, 'POST', '/api/tasks', { title: 'Diary', project_id: project.id }))))
      .body.task;
    const attempts = [
      await projectRoute.GET(request(bob, 'GET', `/api/projects/${project.id}`), idParams(project.id)),
      await projectRoute.PATCH(request(bob, 'PATCH', `/api/projects/${project.id}`, { name: 'Mine' }), idParams(project.id)),
      await projectRoute.DELETE(request(bob, 'DELETE', `/api/projects/${project.id}`), idParams(project.id)),
      await taskRoute.GET(request(bob, 'GET', `/api/tasks/${task.id}`), idParams(task.id)),
      await taskRoute.PATCH(request(bob, 'PATCH', `/api/tasks/${task.id}`, { title: 'Read' }), idParams(task.id)),
      await taskRoute.DELETE(request(bob, 'DELETE', `/api/tasks/${task.id}`), idParams(task.id)),
      await restoreRoute.POST(request(bob, 'POST', `/api/tasks/${task.id}/restore`), idParams(task.id)),
      await tasksRoute.GET(request(bob, 'GET', `/api/tasks?project=${project.id}`)),
    ];
    expect(attempts.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404, 404, 404]);
    const intoAlice = await tasksRoute.POST(request(bob, 'POST', '/api/tasks', { title: 'x', project_id: project.id }));
    expect(intoAlice.status).toBe(400);
    const bobProjects = await json(await projectsRoute.GET(request(bob, 'GET', '/api/projects')));
    expect(bobProjects.body.projects).toEqual([]);
    const bobAll = await json(await tasksRoute.GET(request(bob, 'GET', '/api/tasks?project=all')));
    expect(bobAll.body.tasks).toEqual([]);
    const still = await json(await taskRoute.GET(request(alice, 'GET', `/api/tasks/${task.id}`), idParams(task.id)));
    expect(still.body.task).toMatchObject({ title: 'Diary', version: 1 });
  });

  it('settings: read, changed, an unknown zone refused with its message; a task’s details and steps over the API', async () => {
    expect(await json(await settingsRoute.GET(request(alice, 'GET', '/api/settings')))).toEqual({
      status: 200,
      body: { settings: { time_zone: null, lists_become_projects: true, inbox_list: 'planner-inbox' } },
    });
    expect(await json(await settingsRoute.PATCH(request(alice, 'PATCH', '/api/settings', { time_zone: 'America/New_York' })))).toMatchObject({
      status: 200,
      body: { settings: { time_zone: 'America/New_York' } },
    });
    const bad = await json(await settingsRoute.PATCH(request(alice, 'PATCH', '/api/settings', { time_zone: 'Atlantis/Capital' })));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/Unknown time zone/);
    const made = await json(
      await tasksRoute.POST(
        request(alice, 'POST', '/api/tasks', {
          title: 'Book flights',
          status: 'waitingOnOthers',
          categories: ['Travel'],
          reminder_at: '2026-03-08T09:00',
          recurrence: { pattern: { type: 'absoluteYearly', interval: 1, month: 3, dayOfMonth: 8 } },
          steps: [{ title: 'Compare prices' }],
        }),
      ),
    );
    expect(made.status).toBe(201);
    // 09:00 in New York on the day the US clocks go forward (EDT, UTC−4) is 13:00 UTC.
    expect(made.body.task).toMatchObject({
      status: 'waitingOnOthers',
      categories: ['Travel'],
      reminder_at: '2026-03-08T13:00:00.000Z',
      reminder_local: '2026-03-08T09:00',
      recurrence_summary: 'Every year on 8 March',
      steps: [{ title: 'Compare prices', checked: false }],
    });
    const byTag = await json(await tasksRoute.GET(request(alice, 'GET', '/api/tasks?project=all&tag=Travel')));
    expect(byTag.body.tasks.map((t: { title: string }) => t.title)).toEqual(['Book flights']);
    const byStatus = await json(await tasksRoute.GET(request(alice, 'GET', '/api/tasks?project=all&work_status=inProgress')));
    expect(byStatus.body.tasks).toEqual([]);
    const badFilter = await json(await tasksRoute.GET(request(alice, 'GET', '/api/tasks?started_by=tomorrow')));
    expect(badFilter).toMatchObject({ status: 400, body: { error: { message: 'started_by must be a date like 2025-03-31' } } });
    const refused = await json(await taskRoute.PATCH(request(alice, 'PATCH', `/api/tasks/${made.body.task.id}`, { recurrence: { pattern: { type: 'weekly', interval: 1 } } }), idParams(made.body.task.id)));
    expect(refused).toMatchObject({ status: 400, body: { error: { field: 'recurrence', message: 'Pick at least one day of the week' } } });
  });
});
