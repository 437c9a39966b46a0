/**
 * NUL (U+0000) in any string a JSON route takes: Postgres text cannot hold it
 * (22021), so each such request must be a 4xx JSON answer with a message, and
 * store nothing — never a 500. Every JSON route, every string field, plus the
 * path ids and query strings those routes read.
 */
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import * as signUpRoute from '../../src/app/api/auth/[...all]/route';
import * as webhookRoute from '../../src/app/api/integrations/outlook/webhook/route';
import * as projectRoute from '../../src/app/api/projects/[id]/route';
import * as projectsRoute from '../../src/app/api/projects/route';
import * as reorderRoute from '../../src/app/api/tasks/[id]/reorder/route';
import * as restoreRoute from '../../src/app/api/tasks/[id]/restore/route';
import * as taskRoute from '../../src/app/api/tasks/[id]/route';
import * as tasksRoute from '../../src/app/api/tasks/route';
import type { Db } from '../../src/db/client';
import { testEngines, useTestDatabase } from '../helpers/db';
import { connectUser } from '../helpers/queue';
import { installProcessDatabase, signUpUser, useAppTestEnv, type TestUser } from './harness';

useAppTestEnv();

const BASE = 'http://localhost:3000';
const NUL = '\u0000';
/** Where the NUL goes in a value: alone, leading, inside, trailing. */
const POISONED = (ok: string) => [NUL, `${NUL}${ok}`, `${ok.slice(0, 1)}${NUL}${ok.slice(1)}`, `${ok}${NUL}`];

function post(user: TestUser | null, method: string, path: string, body?: unknown): Request {
  const headers = new Headers({ origin: BASE });
  if (user) headers.set('cookie', user.cookie);
  if (body !== undefined) headers.set('content-type', 'application/json');
  return new Request(BASE + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

const idParams = (id: string) => ({ params: Promise.resolve({ id }) });

/** The error message of a 4xx JSON answer (ours: {error: {message}}, Better Auth's: {message}). */
async function expectClientError(response: Response, what: string): Promise<string> {
  expect(response.status, what).toBeGreaterThanOrEqual(400);
  expect(response.status, what).toBeLessThan(500);
  expect(response.headers.get('content-type'), what).toMatch(/application\/json/);
  const body = (await response.json()) as { error?: { message?: string }; message?: string };
  const message = body.error?.message ?? body.message;
  expect(typeof message, what).toBe('string');
  expect(message!.length, what).toBeGreaterThan(0);
  return message!;
}

async function counts(db: Db) {
  const { rows } = await sql<{ tasks: string; projects: string; users: string; jobs: string; nul_tasks: string }>`
    select (select count(*) from tasks) as tasks, (select count(*) from projects) as projects,
           (select count(*) from users) as users, (select count(*) from task_sync_jobs) as jobs,
           (select count(*) from tasks where title = 'Seed' and version > 1) as nul_tasks`.execute(db);
  return rows[0];
}

describe.each(testEngines())('NUL bytes on every JSON route on %s', (engine) => {
  const t = useTestDatabase(engine);
  let alice: TestUser;
  let taskId: string;
  let projectId: string;
  let subscriptionId: string;

  beforeAll(async () => {
    installProcessDatabase(t.database);
    alice = await signUpUser(t.database, 'Alice');
    projectId = (await (await projectsRoute.POST(post(alice, 'POST', '/api/projects', { name: 'Seed' }))).json()).project.id;
    taskId = (await (await tasksRoute.POST(post(alice, 'POST', '/api/tasks', { title: 'Seed' }))).json()).task.id;
    await connectUser(t.db, 'webhook-user');
    subscriptionId = 'sub-nul-fuzz';
    await t.db
      .insertInto('project_outlook_lists')
      .values({ user_id: 'webhook-user', is_default: true, graph_list_id: 'list-nul', graph_list_name: 'Inbox', subscription_id: subscriptionId, subscription_client_state: 'cs-nul' })
      .execute();
  });

  it('task and project bodies: each string field, each position, 400 naming the field', async () => {
    const before = await counts(t.db);
    const cases: [string, string, () => Promise<Response>][] = [];
    for (const bad of POISONED('Title')) {
      cases.push(['POST /api/tasks title', 'title', () => tasksRoute.POST(post(alice, 'POST', '/api/tasks', { title: bad }))]);
      cases.push(['POST /api/tasks notes', 'notes', () => tasksRoute.POST(post(alice, 'POST', '/api/tasks', { title: 'ok', notes: bad }))]);
      cases.push(['PATCH /api/tasks/:id title', 'title', () => taskRoute.PATCH(post(alice, 'PATCH', `/api/tasks/${taskId}`, { title: bad }), idParams(taskId))]);
      cases.push(['PATCH /api/tasks/:id notes', 'notes', () => taskRoute.PATCH(post(alice, 'PATCH', `/api/tasks/${taskId}`, { notes: bad }), idParams(taskId))]);
      cases.push(['POST /api/projects name', 'name', () => projectsRoute.POST(post(alice, 'POST', '/api/projects', { name: bad }))]);
      cases.push(['PATCH /api/projects/:id name', 'name', () => projectRoute.PATCH(post(alice, 'PATCH', `/api/projects/${projectId}`, { name: bad }), idParams(projectId))]);
      // Fields that take ids, dates and enums: refused too (they are not text we store).
      cases.push(['POST /api/tasks due_date', 'due_date', () => tasksRoute.POST(post(alice, 'POST', '/api/tasks', { title: 'ok', due_date: bad }))]);
      cases.push(['POST /api/tasks priority', 'priority', () => tasksRoute.POST(post(alice, 'POST', '/api/tasks', { title: 'ok', priority: bad }))]);
      cases.push(['POST /api/tasks project_id', 'project_id', () => tasksRoute.POST(post(alice, 'POST', '/api/tasks', { title: 'ok', project_id: bad }))]);
      cases.push(['PATCH /api/projects/:id status', 'status', () => projectRoute.PATCH(post(alice, 'PATCH', `/api/projects/${projectId}`, { status: bad }), idParams(projectId))]);
      cases.push(['POST /api/tasks/:id/reorder after_id', 'after_id', () => reorderRoute.POST(post(alice, 'POST', `/api/tasks/${taskId}/reorder`, { after_id: bad }), idParams(taskId))]);
    }
    for (const [what, field, call] of cases) {
      const response = await call();
      expect(response.status, what).toBe(400);
      const body = (await response.clone().json()) as { error: { field?: string } };
      expect(body.error.field, what).toBe(field);
      await expectClientError(response, what);
    }
    expect(await counts(t.db)).toEqual(before);
  });

  it('the message says what is wrong with the field', async () => {
    const response = await tasksRoute.POST(post(alice, 'POST', '/api/tasks', { title: `a${NUL}b` }));
    expect(await response.json()).toEqual({
      error: { code: 'invalid_request', field: 'title', message: 'Title can’t contain NUL characters (\\u0000)' },
    });
  });

  it('path ids and query strings with NUL are 4xx too', async () => {
    const before = await counts(t.db);
    for (const bad of POISONED(taskId)) {
      const enc = encodeURIComponent(bad);
      await expectClientError(await taskRoute.GET(post(alice, 'GET', `/api/tasks/${enc}`), idParams(bad)), 'GET /api/tasks/:id');
      await expectClientError(await taskRoute.PATCH(post(alice, 'PATCH', `/api/tasks/${enc}`, { title: 'x' }), idParams(bad)), 'PATCH /api/tasks/:id');
      await expectClientError(await taskRoute.DELETE(post(alice, 'DELETE', `/api/tasks/${enc}`), idParams(bad)), 'DELETE /api/tasks/:id');
      await expectClientError(await restoreRoute.POST(post(alice, 'POST', `/api/tasks/${enc}/restore`), idParams(bad)), 'restore');
      await expectClientError(await reorderRoute.POST(post(alice, 'POST', `/api/tasks/${enc}/reorder`, { after_id: null }), idParams(bad)), 'reorder');
      await expectClientError(await projectRoute.GET(post(alice, 'GET', `/api/projects/${enc}`), idParams(bad)), 'GET /api/projects/:id');
      await expectClientError(await projectRoute.PATCH(post(alice, 'PATCH', `/api/projects/${enc}`, { name: 'x' }), idParams(bad)), 'PATCH /api/projects/:id');
      await expectClientError(await projectRoute.DELETE(post(alice, 'DELETE', `/api/projects/${enc}`), idParams(bad)), 'DELETE /api/projects/:id');
      await expectClientError(await tasksRoute.GET(post(alice, 'GET', `/api/tasks?project=${enc}`)), 'GET /api/tasks?project');
      await expectClientError(await tasksRoute.GET(post(alice, 'GET', `/api/tasks?status=${enc}`)), 'GET /api/tasks?status');
    }
    expect(await counts(t.db)).toEqual(before);
  });

  it('the unauthenticated webhook: NUL in any notification field is a 400 and enqueues nothing', async () => {
    const before = await counts(t.db);
    const item = { subscriptionId, clientState: 'cs-nul', changeType: 'updated', resource: 'Users/x/Tasks/1', tenantId: 't', subscriptionExpirationDateTime: new Date().toISOString() };
    for (const field of Object.keys(item) as (keyof typeof item)[]) {
      for (const bad of POISONED(item[field])) {
        const response = await webhookRoute.POST(post(null, 'POST', '/api/integrations/outlook/webhook', { value: [{ ...item, [field]: bad }] }));
        expect(response.status, field).toBe(400);
        expect(await expectClientError(response, field)).toContain(field);
      }
    }
    const lifecycle = await webhookRoute.POST(post(null, 'POST', '/api/integrations/outlook/webhook', { value: [{ subscriptionId, clientState: 'cs-nul', lifecycleEvent: `subscription${NUL}Removed` }] }));
    expect(lifecycle.status).toBe(400);
    expect(await counts(t.db)).toEqual(before);
  });

  it('sign-up and sign-in: NUL in name, e-mail or password is a 4xx with a message and creates no account', async () => {
    const before = await counts(t.db);
    const ok = { name: 'Nelly Null', email: 'nelly@example.test', password: 'correct horse battery' };
    for (const field of ['name', 'email', 'password'] as const) {
      for (const bad of POISONED(ok[field])) {
        const up = await signUpRoute.POST(post(null, 'POST', '/api/auth/sign-up/email', { ...ok, [field]: bad }));
        const message = await expectClientError(up, `sign-up ${field}`);
        if (field !== 'email') expect(message).toMatch(/^(Name|Password) can’t contain NUL characters/);
        if (field !== 'name') {
          const inn = await signUpRoute.POST(post(null, 'POST', '/api/auth/sign-in/email', { email: ok.email, password: ok.password, [field]: bad }));
          await expectClientError(inn, `sign-in ${field}`);
        }
      }
    }
    expect(await counts(t.db)).toEqual(before);
  });
});
