/**
 * Recovery rules of the push, end to end against the emulator (issue 6, "Show, with
 * tests"): a crash between the POST and our DB write, a worker killed mid-job,
 * throttling with Retry-After, 503 backoff, a 400 failing at once, max_attempts.
 * Each test gets its own database, so no test claims another's leftover jobs.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client';
import { claimTaskSyncJobs } from '../../src/db/jobs-repository';
import { processTaskSyncJobs } from '../../src/jobs/process-task-sync-jobs';
import { startQueueRunner } from '../../src/jobs/runner';
import { createProject, renameProject } from '../../src/server/projects';
import { logger } from '../../src/observability/logger';
import { createTask } from '../../src/server/tasks';
import { testEngines } from '../helpers/db';
import { useDatabasePerTest } from '../helpers/fresh-db';
import { TEST_APP_ENV, useProcessEnv } from '../helpers/process-env';
import { makeDue, readJob } from '../helpers/queue';
import { connectedUser, drain, jobsOf, remoteCopies, requestCount, sleep, syncStateOf, TASK_ROUTE, usePushEmulator } from './push-kit';

const TASKS_POST = 'POST /v1.0/me/todo/lists/*/tasks';

/** Makes every write that records a Graph id fail, as if the worker died right after Graph answered. */
async function failSavesAfterPost(db: Db): Promise<() => Promise<void>> {
  await sql`create or replace function public.test_crash_after_post() returns trigger language plpgsql as $$
    begin
      if new.graph_task_id is not null then raise exception 'simulated crash between the POST and the DB write'; end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger test_crash_after_post before insert or update on public.task_sync_state
    for each row execute function public.test_crash_after_post()`.execute(db);
  return async () => {
    await sql`drop trigger test_crash_after_post on public.task_sync_state`.execute(db);
  };
}

describe.each(testEngines())('push recovery against the emulator on %s', (engine) => {
  useProcessEnv(TEST_APP_ENV);
  const t = useDatabasePerTest(engine);
  const e = usePushEmulator();
  afterEach(async () => {
    await e.emulator.control.clearFaults();
  });

  it('a crash between the POST and the DB write, then the retry: one To Do task, not two', async () => {
    const u = await connectedUser(t.db, e.emulator);
    const task = await createTask(t.db, u.userId, { title: 'Only once' });
    const restore = await failSavesAfterPost(t.db);

    const first = await processTaskSyncJobs({ db: t.db, handlers: u.handlers });
    expect(first).toMatchObject({ processed: 1, deferred: 1 });
    expect(await remoteCopies(e.emulator, u.mailboxId, task.id)).toHaveLength(1);
    expect((await syncStateOf(t.db, task.id))!).toMatchObject({ graph_task_id: null, pending_create_list_id: u.inboxListId });

    await restore();
    const [job] = await jobsOf(t.db, u.userId);
    await makeDue(t.db, job.id);
    expect(await processTaskSyncJobs({ db: t.db, handlers: u.handlers })).toMatchObject({ succeeded: 1 });

    const copies = await remoteCopies(e.emulator, u.mailboxId, task.id);
    expect(copies).toHaveLength(1);
    expect(await syncStateOf(t.db, task.id)).toMatchObject({ graph_task_id: copies[0].id, pending_create_list_id: null });
    expect(await readJob(t.db, job.id)).toMatchObject({ status: 'completed', attempts: 2, result: expect.objectContaining({ adopted: true }) });
  });

  it('a retry whose earlier POST went into a list since deleted in Outlook makes one copy in the re-provisioned list', async () => {
    const u = await connectedUser(t.db, e.emulator);
    const task = await createTask(t.db, u.userId, { title: 'Lost list' });
    const restore = await failSavesAfterPost(t.db);
    expect(await processTaskSyncJobs({ db: t.db, handlers: u.handlers })).toMatchObject({ deferred: 1 });
    await restore();
    await e.emulator.control.deleteList(u.mailboxId, u.inboxListId);

    const [job] = await jobsOf(t.db, u.userId);
    await makeDue(t.db, job.id);
    // The re-provisioned list also queues a push of the Inbox's other open tasks (none here).
    expect(await processTaskSyncJobs({ db: t.db, handlers: u.handlers })).toMatchObject({ failed: 0, remaining: 0 });
    expect(await readJob(t.db, job.id)).toMatchObject({ status: 'completed', attempts: 2 });

    const copies = await remoteCopies(e.emulator, u.mailboxId, task.id);
    expect(copies).toHaveLength(1);
    expect(copies[0].listId).not.toBe(u.inboxListId);
    expect(await syncStateOf(t.db, task.id)).toMatchObject({ graph_task_id: copies[0].id, graph_list_id: copies[0].listId });
  });

  it('a worker killed mid-job: after its lease expires another worker finishes the job, without a duplicate', async () => {
    const u = await connectedUser(t.db, e.emulator);
    const task = await createTask(t.db, u.userId, { title: 'Half done' });
    const [claimed] = await claimTaskSyncJobs(t.db, { workerId: 'worker-that-dies', limit: 1, leaseSeconds: 1 });
    const restore = await failSavesAfterPost(t.db);
    // The dying worker gets as far as the POST; then the process is gone: nothing records an outcome.
    const died = await u.handlers.create!(claimed, {
      db: t.db,
      workerId: 'worker-that-dies',
      signal: new AbortController().signal,
      deadline: new Date(Date.now() + 60_000),
      log: logger(),
    }).catch((error: Error) => error);
    expect(died).toBeInstanceOf(Error);
    await restore();
    expect(await remoteCopies(e.emulator, u.mailboxId, task.id)).toHaveLength(1);

    // Before the lease expires nobody else may take it.
    expect(await processTaskSyncJobs({ db: t.db, handlers: u.handlers, workerId: 'rescuer' })).toMatchObject({ processed: 0 });
    await sleep(1_300);
    expect(await processTaskSyncJobs({ db: t.db, handlers: u.handlers, workerId: 'rescuer' })).toMatchObject({ processed: 1, succeeded: 1 });

    expect(await readJob(t.db, claimed.id)).toMatchObject({ status: 'completed', worker_id: 'rescuer', attempts: 2 });
    expect(await remoteCopies(e.emulator, u.mailboxId, task.id)).toHaveLength(1);
  });

  it('429 with Retry-After 2.5 s: the job waits at least 2.5 s, then the runner pushes it by itself', async () => {
    const u = await connectedUser(t.db, e.emulator);
    await e.emulator.control.setFaults([{ route: TASKS_POST, script: [{ kind: 'status', status: 429, retryAfterSeconds: 2.5 }] }]);
    const task = await createTask(t.db, u.userId, { title: 'Throttled' });

    expect(await processTaskSyncJobs({ db: t.db, handlers: u.handlers })).toMatchObject({ deferred: 1 });
    const [job] = await jobsOf(t.db, u.userId);
    const waiting = await readJob(t.db, job.id);
    expect(waiting).toMatchObject({ status: 'pending', last_error_code: 'TooManyRequests', attempts: 1 });
    expect(waiting.scheduled_at.getTime() - waiting.picked_at!.getTime()).toBeGreaterThanOrEqual(2_500);
    expect(await remoteCopies(e.emulator, u.mailboxId, task.id)).toHaveLength(0);

    const runner = await startQueueRunner({ database: t.database, handlers: u.handlers, pollIntervalMs: 60_000 });
    try {
      const deadline = Date.now() + 10_000;
      while ((await readJob(t.db, job.id)).status !== 'completed' && Date.now() < deadline) await sleep(100);
    } finally {
      await runner.stop();
    }
    const done = await readJob(t.db, job.id);
    expect(done).toMatchObject({ status: 'completed', attempts: 2 });
    expect(done.picked_at!.getTime() - waiting.picked_at!.getTime()).toBeGreaterThanOrEqual(2_500);
    expect(await remoteCopies(e.emulator, u.mailboxId, task.id)).toHaveLength(1);
  });

  it('503 without Retry-After backs off, then succeeds', async () => {
    const u = await connectedUser(t.db, e.emulator);
    await e.emulator.control.setFaults([{ route: TASKS_POST, script: [{ kind: 'status', status: 503 }] }]);
    const task = await createTask(t.db, u.userId, { title: 'Busy service' });

    expect(await processTaskSyncJobs({ db: t.db, handlers: u.handlers, random: () => 0 })).toMatchObject({ deferred: 1 });
    const [job] = await jobsOf(t.db, u.userId);
    const row = await readJob(t.db, job.id);
    expect(row).toMatchObject({ status: 'pending', last_error_code: 'serviceNotAvailable' });
    expect(row.scheduled_at.getTime() - row.picked_at!.getTime()).toBeGreaterThanOrEqual(1_000);

    await makeDue(t.db, job.id);
    expect(await processTaskSyncJobs({ db: t.db, handlers: u.handlers })).toMatchObject({ succeeded: 1 });
    expect(await remoteCopies(e.emulator, u.mailboxId, task.id)).toHaveLength(1);
  });

  it('a 400 fails at once with Graph\'s error code', async () => {
    const u = await connectedUser(t.db, e.emulator);
    const project = await createProject(t.db, u.userId, { name: 'Errands' });
    await drain(t.db, u.handlers);
    // A mapping that points at the built-in "Tasks" list, which Graph refuses to rename.
    const builtIn = (await e.emulator.control.mailbox(u.mailboxId)).lists.find((l) => l.wellknownListName === 'defaultList')!;
    await t.db.updateTable('project_outlook_lists').set({ graph_list_id: builtIn.id }).where('project_id', '=', project.id).execute();

    await renameProject(t.db, u.userId, project.id, 'Errands and chores');
    expect(await processTaskSyncJobs({ db: t.db, handlers: u.handlers })).toMatchObject({ processed: 1, failed: 1 });

    const job = (await jobsOf(t.db, u.userId)).at(-1)!;
    expect(job).toMatchObject({ action: 'project_sync', status: 'failed', attempts: 1, last_error_code: 'invalidRequest' });
    expect(job.last_error).toContain('cannot be renamed');
  });

  it('max_attempts ends in failed with the last Graph error, and nothing reaches To Do', async () => {
    const u = await connectedUser(t.db, e.emulator);
    await e.emulator.control.setFaults([{ route: TASKS_POST, failureRate: 1, statuses: [502] }]);
    await e.emulator.control.resetStats();
    const task = await createTask(t.db, u.userId, { title: 'Never makes it' });
    const [job] = await jobsOf(t.db, u.userId);
    await t.db.updateTable('task_sync_jobs').set({ max_attempts: 3 }).where('id', '=', job.id as never).execute();

    for (let attempt = 1; attempt <= 2; attempt++) {
      expect(await processTaskSyncJobs({ db: t.db, handlers: u.handlers })).toMatchObject({ deferred: 1 });
      await makeDue(t.db, job.id);
    }
    expect(await processTaskSyncJobs({ db: t.db, handlers: u.handlers })).toMatchObject({ failed: 1, remaining: 0 });

    expect(await readJob(t.db, job.id)).toMatchObject({ status: 'failed', attempts: 3, last_error_code: 'BadGateway' });
    expect((await readJob(t.db, job.id)).last_error).toMatch(/after 3 attempts/);
    expect(await remoteCopies(e.emulator, u.mailboxId, task.id)).toHaveLength(0);
    expect(await requestCount(e.emulator, TASK_ROUTE.post)).toBe(3);
  });
});
