/**
 * pushTasksInBulk through $batch against the emulator (issue 6 §5, decision 0025):
 * ≤ 20 requests per batch, per-item statuses, per-item Retry-After (short waits are
 * retried after the longest one, nothing sent meanwhile; long ones pause the mailbox
 * and hand the throttled and unsent items to delayed jobs), idempotent after a crash,
 * interactive jobs ahead of the next bulk slice.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client';
import { insertTask } from '../../src/db/tasks-repository';
import { processTaskSyncJobs } from '../../src/jobs/process-task-sync-jobs';
import { JOB_PRIORITY } from '../../src/jobs/queue';
import { createProject, setProjectStatus } from '../../src/server/projects';
import { logger } from '../../src/observability/logger';
import { pushTasksInBulk } from '../../src/server/push/push-bulk';
import { syncContextFor } from '../../src/server/sync-context';
import { OPEN_TASKS_SLICE } from '../../src/server/push/push-open-tasks';
import { updateTask } from '../../src/server/tasks';
import { testEngines } from '../helpers/db';
import { useDatabasePerTest } from '../helpers/fresh-db';
import { TEST_APP_ENV, useProcessEnv } from '../helpers/process-env';
import { connectedUser, drain, jobsOf, remoteList, requestCount, usePushEmulator, type ConnectedUser } from './push-kit';

const BATCH_ROUTE = 'POST /v1.0/$batch';
const TASKS_POST = 'POST /v1.0/me/todo/lists/*/tasks';

/** Tasks that exist before Outlook was connected: no jobs of their own (what a backfill finds). */
async function seedTasks(db: Db, userId: string, count: number, projectId: string | null = null): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await insertTask(db, { userId, projectId, title: `Task ${String(i + 1).padStart(3, '0')}` })).id);
  return ids;
}

/** Copies per Planner task id in one list. */
async function copiesIn(u: ConnectedUser, emulator: Parameters<typeof remoteList>[0], listId: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const task of (await remoteList(emulator, u.mailboxId, listId))?.tasks ?? []) {
    for (const link of (task.linkedResources ?? []) as { externalId?: string }[]) {
      if (link.externalId) counts.set(link.externalId, (counts.get(link.externalId) ?? 0) + 1);
    }
  }
  return counts;
}

describe.each(testEngines())('bulk push through $batch on %s', (engine) => {
  useProcessEnv(TEST_APP_ENV);
  const t = useDatabasePerTest(engine);
  const e = usePushEmulator();
  afterEach(async () => {
    await e.emulator.control.clearFaults();
  });

  const contextOf = (u: ConnectedUser) => syncContextFor(u.deps, u.userId, logger());

  it('pushes 45 tasks in batches of at most 20, each exactly once, with sync state for every one', async () => {
    const u = await connectedUser(t.db, e.emulator);
    const ids = await seedTasks(t.db, u.userId, 45);
    await e.emulator.control.resetStats();

    const summary = await pushTasksInBulk(await contextOf(u), { taskIds: ids });

    expect(summary).toEqual({ created: 45, adopted: 0, alreadySynced: 0, skipped: 0, requeued: 0 });
    expect(await requestCount(e.emulator, BATCH_ROUTE)).toBe(3);
    const copies = await copiesIn(u, e.emulator, u.inboxListId);
    expect(ids.every((id) => copies.get(id) === 1)).toBe(true);
    const states = await t.db.selectFrom('task_sync_state').selectAll().where('task_id', 'in', ids).execute();
    expect(states.filter((s) => s.graph_list_id === u.inboxListId && s.graph_task_id && s.synced_version === 1)).toHaveLength(45);

    // Again: nothing to do.
    expect(await pushTasksInBulk(await contextOf(u), { taskIds: ids })).toMatchObject({ created: 0, alreadySynced: 45 });
  });

  it('items throttled with a short Retry-After are retried after the longest one, in the same push', async () => {
    const u = await connectedUser(t.db, e.emulator);
    const ids = await seedTasks(t.db, u.userId, 12);
    await e.emulator.control.setFaults([
      { route: TASKS_POST, script: [{ kind: 'status', status: 429, retryAfterSeconds: 0.2 }, { kind: 'pass' }, { kind: 'status', status: 429, retryAfterSeconds: 0.6 }] },
    ]);
    await e.emulator.control.resetStats();

    const summary = await pushTasksInBulk(await contextOf(u), { taskIds: ids });

    expect(summary).toMatchObject({ created: 12, requeued: 0 });
    expect(await requestCount(e.emulator, BATCH_ROUTE)).toBe(2);
    expect((await e.emulator.control.stats()).requests['POST /v1.0/me/todo/lists/{id}/tasks']).toMatchObject({ '201': 12, '429': 2 });
    expect([...(await copiesIn(u, e.emulator, u.inboxListId)).values()]).toEqual(Array(12).fill(1));
  });

  it('items throttled with a long Retry-After pause the mailbox: they and the tasks not yet sent become jobs delayed by it, then go through', async () => {
    const u = await connectedUser(t.db, e.emulator);
    const ids = await seedTasks(t.db, u.userId, 25);
    await e.emulator.control.setFaults([
      { route: TASKS_POST, script: [{ kind: 'status', status: 429, retryAfterSeconds: 30 }, { kind: 'status', status: 429, retryAfterSeconds: 30 }] },
    ]);
    await e.emulator.control.resetStats();
    const startedAt = Date.now();

    const summary = await pushTasksInBulk(await contextOf(u), { taskIds: ids });

    // The rest of the first batch is saved; nothing more is sent while Retry-After runs.
    expect(summary).toMatchObject({ created: 18, requeued: 7 });
    expect(await requestCount(e.emulator, BATCH_ROUTE)).toBe(1);
    expect((await e.emulator.control.stats()).requests['POST /v1.0/me/todo/lists/{id}/tasks']).toEqual({ '201': 18, '429': 2 });
    const connection = await t.db.selectFrom('outlook_connections').selectAll().where('user_id', '=', u.userId).executeTakeFirstOrThrow();
    expect(connection.throttled_until!.getTime() - startedAt).toBeGreaterThanOrEqual(29_000);
    const jobs = await jobsOf(t.db, u.userId);
    expect(jobs).toHaveLength(7);
    for (const job of jobs) {
      expect(job).toMatchObject({ action: 'create', status: 'pending', priority: JOB_PRIORITY.bulk, attempts: 0 });
      expect(job.scheduled_at.getTime() - startedAt).toBeGreaterThanOrEqual(29_000);
    }
    const copies = await copiesIn(u, e.emulator, u.inboxListId);
    expect(copies.size).toBe(18);
    expect(jobs.every((j) => !copies.has(j.task_id!))).toBe(true);

    // While the mailbox is paused, even due jobs of the user wait.
    await t.db.updateTable('task_sync_jobs').set({ scheduled_at: sql`now()` }).where('user_id', '=', u.userId).execute();
    expect(await drain(t.db, u.handlers)).toMatchObject({ processed: 0 });

    // Once the pause is over they go through.
    await t.db.updateTable('outlook_connections').set({ throttled_until: null }).where('user_id', '=', u.userId).execute();
    expect(await drain(t.db, u.handlers)).toMatchObject({ succeeded: 7, failed: 0 });
    const after = await copiesIn(u, e.emulator, u.inboxListId);
    expect(ids.every((id) => after.get(id) === 1)).toBe(true);
  });

  it('under a mailbox rate limit every task goes out, each throttled item once its own Retry-After has passed, nothing sent meanwhile', async () => {
    const sent: { startedAt: number; endedAt: number; retryAfterMs: number[] }[] = [];
    const recordingFetch: typeof fetch = async (input, init) => {
      const startedAt = Date.now();
      const response = await fetch(input, init);
      const endedAt = Date.now();
      const url = String(input instanceof Request ? input.url : input);
      const afters: number[] = [];
      if (url.endsWith('/$batch') && response.ok) {
        const body = (await response.clone().json()) as { responses: { status: number; headers?: Record<string, string> }[] };
        for (const item of body.responses) {
          const after = Object.entries(item.headers ?? {}).find(([k]) => k.toLowerCase() === 'retry-after')?.[1];
          if (item.status === 429 && after) afters.push(Number(after) * 1000);
        }
      }
      if (url.startsWith(e.emulator.graphUrl)) sent.push({ startedAt, endedAt, retryAfterMs: afters });
      return response;
    };
    const u = await connectedUser(t.db, e.emulator);
    const recorded = await syncContextFor({ ...u.deps, fetch: recordingFetch }, u.userId, logger());
    const ids = await seedTasks(t.db, u.userId, 30);
    const limits = await e.emulator.control.throttle();
    await e.emulator.control.setThrottle({ windowSeconds: 1, maxRequestsPerWindow: 8 });
    await e.emulator.control.resetStats();
    sent.length = 0;
    try {
      const summary = await pushTasksInBulk(recorded, { taskIds: ids });

      expect(summary).toEqual({ created: 30, adopted: 0, alreadySynced: 0, skipped: 0, requeued: 0 });
      expect(await jobsOf(t.db, u.userId)).toHaveLength(0);
      expect((await e.emulator.control.stats()).requests['POST /v1.0/me/todo/lists/{id}/tasks']?.['429']).toBeGreaterThan(0);
      const waits = sent.flatMap((r) => r.retryAfterMs.map((ms) => ({ from: r.endedAt, until: r.endedAt + ms })));
      expect(sent.filter((r) => waits.some((w) => r.startedAt > w.from && r.startedAt < w.until))).toEqual([]);
      expect([...(await copiesIn(u, e.emulator, u.inboxListId)).values()]).toEqual(Array(30).fill(1));
    } finally {
      await e.emulator.control.setThrottle(limits);
    }
  });

  it('a crash after the batch but before our DB writes: the next push adopts the copies instead of duplicating them', async () => {
    const u = await connectedUser(t.db, e.emulator);
    const ids = await seedTasks(t.db, u.userId, 8);
    await sql`create or replace function public.test_crash_after_batch() returns trigger language plpgsql as $$
      begin if new.graph_task_id is not null then raise exception 'simulated crash after the batch'; end if; return new; end $$`.execute(t.db);
    await sql`create trigger test_crash_after_batch before insert or update on public.task_sync_state
      for each row execute function public.test_crash_after_batch()`.execute(t.db);

    await expect(pushTasksInBulk(await contextOf(u), { taskIds: ids })).rejects.toThrow(/simulated crash/);
    await sql`drop trigger test_crash_after_batch on public.task_sync_state`.execute(t.db);
    await updateTask(t.db, u.userId, ids[0], { title: 'Edited after the crash' });
    await t.db.deleteFrom('task_sync_jobs').where('user_id', '=', u.userId).execute();

    const summary = await pushTasksInBulk(await contextOf(u), { taskIds: ids });

    expect(summary).toMatchObject({ created: 0, adopted: 8, requeued: 1 });
    expect([...(await copiesIn(u, e.emulator, u.inboxListId)).values()]).toEqual(Array(8).fill(1));
    // The copy that missed the later edit gets an update job, which PATCHes it.
    await drain(t.db, u.handlers);
    const list = (await remoteList(e.emulator, u.mailboxId, u.inboxListId))!;
    expect(list.tasks.map((task) => task.title)).toContain('Edited after the crash');
    expect(list.tasks).toHaveLength(8);
  });

  it('a reopened project with more open tasks than one slice: slices run at bulk priority, interactive edits go first', async () => {
    const u = await connectedUser(t.db, e.emulator);
    const project = await createProject(t.db, u.userId, { name: 'Big' });
    await setProjectStatus(t.db, u.userId, project.id, 'Completed');
    await drain(t.db, u.handlers);
    const ids = await seedTasks(t.db, u.userId, OPEN_TASKS_SLICE + 10, project.id);
    const inbox = (await insertTask(t.db, { userId: u.userId, projectId: null, title: 'Inbox task' })).id;
    await t.db.deleteFrom('task_sync_jobs').where('user_id', '=', u.userId).execute();

    await setProjectStatus(t.db, u.userId, project.id, 'Active');
    expect(await processTaskSyncJobs({ db: t.db, handlers: u.handlers, limit: 1 })).toMatchObject({ succeeded: 1 });
    const [, next] = await jobsOf(t.db, u.userId);
    expect(next).toMatchObject({ action: 'project_sync', status: 'pending', priority: JOB_PRIORITY.bulk, payload: { reason: 'push-open-tasks' } });

    // An interactive edit queued after the next slice still runs before it.
    await updateTask(t.db, u.userId, inbox, { title: 'Inbox task, edited' });
    expect(await processTaskSyncJobs({ db: t.db, handlers: u.handlers, limit: 1 })).toMatchObject({ succeeded: 1 });
    expect((await jobsOf(t.db, u.userId)).map((j) => [j.action, j.status])).toEqual([
      ['project_sync', 'completed'],
      ['project_sync', 'pending'],
      ['update', 'completed'],
    ]);

    await drain(t.db, u.handlers);
    const listId = (await t.db.selectFrom('project_outlook_lists').selectAll().where('project_id', '=', project.id).executeTakeFirstOrThrow()).graph_list_id;
    const copies = await copiesIn(u, e.emulator, listId);
    expect(ids.every((id) => copies.get(id) === 1)).toBe(true);
  });
});
