/**
 * Retry rules end to end on a real database (fake handlers throw the typed errors
 * the Graph client throws): throttling defers exactly Retry-After, re-runs by itself
 * (its claim counted, but not held against max_attempts) and pauses the user's whole mailbox meanwhile, and jobs
 * get through sustained throttling beyond max_attempts (bounded by their own cap);
 * 5xx backs off, 4xx fails at once, max_attempts ends in failed, and needs-reconnect
 * pauses the user without failing or spending the attempt.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { GraphError, GraphNetworkError, NeedsReconnectError } from '../../src/graph/errors';
import { processTaskSyncJobs } from '../../src/jobs/process-task-sync-jobs';
import { completed, type JobHandler } from '../../src/jobs/types';
import { MAX_THROTTLED_RETRIES } from '../../src/sync/retry-policy';
import { testEngines } from '../helpers/db';
import { useDatabasePerTest } from '../helpers/fresh-db';
import { connectUser, enqueue, handleAll, makeDue, readJob, sleep } from '../helpers/queue';

/** A handler that throws the given errors on its first calls, then succeeds. */
function failingFirst(...errors: Error[]): JobHandler {
  let calls = 0;
  return async () => {
    const error = errors[calls++];
    if (error) throw error;
    return completed({ call: calls });
  };
}

const throttled = (status: number, retryAfterMs?: number) =>
  new GraphError(status, status === 429 ? 'TooManyRequests' : 'ServiceUnavailable', 'slow down', { retryAfterMs });

const ids = (jobs: { id: string }[]) => jobs.map((j) => j.id);

describe.each(testEngines())('sync job retry rules on %s', (engine) => {
  const t = useDatabasePerTest(engine);

  it('429 with Retry-After 2.5 s defers the job at least 2.5 s, then it succeeds by itself', async () => {
    await connectUser(t.db, 'u1');
    const job = await enqueue(t.db, { userId: 'u1', taskId: crypto.randomUUID() });
    const handlers = handleAll(failingFirst(throttled(429, 2500)));

    const first = await processTaskSyncJobs({ db: t.db, handlers });
    expect(first).toMatchObject({ processed: 1, deferred: 1, succeeded: 0, failed: 0, remaining: 1 });
    const deferredRow = await readJob(t.db, job.id);
    expect(deferredRow.status).toBe('pending');
    expect(deferredRow.attempts).toBe(1);
    expect(deferredRow.throttle_count).toBe(1);
    expect(deferredRow.last_error_code).toBe('TooManyRequests');
    expect(deferredRow.scheduled_at.getTime() - deferredRow.picked_at!.getTime()).toBeGreaterThanOrEqual(2500);
    const connection = await t.db.selectFrom('outlook_connections').selectAll().where('user_id', '=', 'u1').executeTakeFirstOrThrow();
    expect(connection.throttled_until!.getTime() - deferredRow.picked_at!.getTime()).toBeGreaterThanOrEqual(2500);

    // Not due yet: a run now leaves it alone.
    expect(await processTaskSyncJobs({ db: t.db, handlers })).toMatchObject({ processed: 0, remaining: 1 });

    // Once Retry-After has passed, a plain later run picks it up: no manual requeue.
    await sleep(Math.max(0, deferredRow.scheduled_at.getTime() - Date.now()) + 300);
    const later = await processTaskSyncJobs({ db: t.db, handlers });
    expect(later).toMatchObject({ processed: 1, succeeded: 1, remaining: 0 });
    const done = await readJob(t.db, job.id);
    expect(done.status).toBe('completed');
    // Every claim counts an attempt; the throttled one is not held against max_attempts.
    expect(done).toMatchObject({ attempts: 2, throttle_count: 1 });
    expect(done.result).toEqual({ call: 2 });
  });

  it('a throttle pauses the whole mailbox: the user\'s jobs not yet started wait for Retry-After, other users go on', async () => {
    await connectUser(t.db, 'u1');
    await connectUser(t.db, 'u2');
    // Six jobs of u1 (different tasks): four run at once, the mailbox's share; the first
    // is throttled at once while its three siblings are still in flight (they finish).
    const u1 = [];
    for (let i = 0; i < 6; i++) u1.push(await enqueue(t.db, { userId: 'u1', taskId: crypto.randomUUID() }));
    const [first, ...siblings] = u1;
    const inFlight = siblings.slice(0, 3);
    const notStarted = siblings.slice(3);
    const bystander = await enqueue(t.db, { userId: 'u2', taskId: crypto.randomUUID() });
    const ran: string[] = [];
    let throttleNext = true;
    const handlers = handleAll(async (j) => {
      ran.push(j.id);
      if (j.user_id === 'u1' && throttleNext) {
        throttleNext = false;
        throw throttled(429, 1500);
      }
      await sleep(50);
      return completed();
    });

    // One claim takes all seven: u1's jobs not started when the throttle came are handed back unstarted.
    expect(await processTaskSyncJobs({ db: t.db, handlers })).toMatchObject({ deferred: 1, succeeded: 4 });
    expect(ran).toEqual(expect.arrayContaining([first.id, ...ids(inFlight), bystander.id]));
    for (const job of notStarted) {
      expect(ran).not.toContain(job.id);
      expect(await readJob(t.db, job.id)).toMatchObject({ status: 'pending', attempts: 0, throttle_count: 0 });
    }
    expect(await readJob(t.db, bystander.id)).toMatchObject({ status: 'completed' });

    // They are due, but the mailbox is paused: a run now claims nothing of u1's.
    expect(await processTaskSyncJobs({ db: t.db, handlers })).toMatchObject({ processed: 0, remaining: 3 });
    for (const job of notStarted) expect(ran).not.toContain(job.id);

    // After Retry-After all three run by themselves.
    const { throttled_until } = await t.db.selectFrom('outlook_connections').select('throttled_until').where('user_id', '=', 'u1').executeTakeFirstOrThrow();
    await sleep(Math.max(0, throttled_until!.getTime() - Date.now()) + 300);
    expect(await processTaskSyncJobs({ db: t.db, handlers })).toMatchObject({ succeeded: 3, remaining: 0 });
    expect(await readJob(t.db, first.id)).toMatchObject({ status: 'completed', attempts: 2, throttle_count: 1 });
    for (const job of notStarted) expect(await readJob(t.db, job.id)).toMatchObject({ status: 'completed', attempts: 1, throttle_count: 0 });
  });

  it('a job throttled more often than max_attempts still completes: throttled claims are not held against max_attempts', async () => {
    await connectUser(t.db, 'u1');
    const job = await enqueue(t.db, { userId: 'u1', taskId: crypto.randomUUID() });
    const throttles = 12;
    const handlers = handleAll(failingFirst(...Array.from({ length: throttles }, (_, i) => throttled(i % 3 === 2 ? 503 : 429, 0))));

    // Retry-After 0: each throttled retry is due again at once, so one run sees them all.
    expect(await processTaskSyncJobs({ db: t.db, handlers })).toMatchObject({ deferred: throttles, failed: 0, succeeded: 1, remaining: 0 });
    expect(await readJob(t.db, job.id)).toMatchObject({ status: 'completed', attempts: throttles + 1, max_attempts: 8, throttle_count: throttles });
  });

  it(`a job throttled ${MAX_THROTTLED_RETRIES} times fails after all, with Graph's code`, async () => {
    await connectUser(t.db, 'u1');
    const job = await enqueue(t.db, { userId: 'u1', taskId: crypto.randomUUID() });
    await sql`update task_sync_jobs set throttle_count = ${MAX_THROTTLED_RETRIES}::int where id = ${job.id}`.execute(t.db);
    const handlers = handleAll(failingFirst(throttled(429, 0)));

    expect(await processTaskSyncJobs({ db: t.db, handlers })).toMatchObject({ failed: 1, remaining: 0 });
    const row = await readJob(t.db, job.id);
    expect(row).toMatchObject({ status: 'failed', attempts: 1, last_error_code: 'TooManyRequests' });
    expect(row.last_error).toMatch(new RegExp(`after ${MAX_THROTTLED_RETRIES} throttled retries`));
  });

  it('503 without Retry-After backs off, then runs again by itself', async () => {
    await connectUser(t.db, 'u1');
    const job = await enqueue(t.db, { userId: 'u1', taskId: crypto.randomUUID() });
    const handlers = handleAll(failingFirst(throttled(503)));

    expect(await processTaskSyncJobs({ db: t.db, handlers, random: () => 0 })).toMatchObject({ deferred: 1 });
    const row = await readJob(t.db, job.id);
    expect(row.status).toBe('pending');
    expect(row.last_error_code).toBe('ServiceUnavailable');
    // First backoff with zero jitter: half of the 2 s base.
    expect(row.scheduled_at.getTime() - row.picked_at!.getTime()).toBeGreaterThanOrEqual(1000);

    await makeDue(t.db, job.id);
    expect(await processTaskSyncJobs({ db: t.db, handlers })).toMatchObject({ succeeded: 1 });
    expect((await readJob(t.db, job.id)).status).toBe('completed');
  });

  it('a 5xx and a network error back off with growing delays', async () => {
    await connectUser(t.db, 'u1');
    const job = await enqueue(t.db, { userId: 'u1', taskId: crypto.randomUUID() });
    const handlers = handleAll(failingFirst(new GraphError(500, 'generalException', 'oops'), new GraphNetworkError('ECONNRESET')));
    const delays: number[] = [];
    for (let i = 0; i < 2; i++) {
      expect(await processTaskSyncJobs({ db: t.db, handlers, random: () => 1 })).toMatchObject({ deferred: 1 });
      const row = await readJob(t.db, job.id);
      delays.push(row.scheduled_at.getTime() - row.picked_at!.getTime());
      await makeDue(t.db, job.id);
    }
    expect((await readJob(t.db, job.id)).last_error_code).toBe('network_error');
    expect(delays[0]).toBeGreaterThanOrEqual(2000);
    expect(delays[1]).toBeGreaterThanOrEqual(4000);
    expect(await processTaskSyncJobs({ db: t.db, handlers })).toMatchObject({ succeeded: 1 });
  });

  it('a 400 fails at once with Graph\'s error code', async () => {
    await connectUser(t.db, 'u1');
    const job = await enqueue(t.db, { userId: 'u1', taskId: crypto.randomUUID() });
    const handlers = handleAll(failingFirst(new GraphError(400, 'invalidRequest', 'Invalid request: title too long')));

    expect(await processTaskSyncJobs({ db: t.db, handlers })).toMatchObject({ processed: 1, failed: 1, remaining: 0 });
    const row = await readJob(t.db, job.id);
    expect(row.status).toBe('failed');
    expect(row.attempts).toBe(1);
    expect(row.last_error_code).toBe('invalidRequest');
    expect(row.last_error).toContain('title too long');
  });

  it('max_attempts ends in failed with the last error', async () => {
    await connectUser(t.db, 'u1');
    const job = await enqueue(t.db, { userId: 'u1', taskId: crypto.randomUUID(), maxAttempts: 3 });
    const alwaysDown: JobHandler = async () => {
      throw new GraphError(502, 'BadGateway', 'upstream down');
    };
    const handlers = handleAll(alwaysDown);
    for (let attempt = 1; attempt <= 2; attempt++) {
      expect(await processTaskSyncJobs({ db: t.db, handlers })).toMatchObject({ deferred: 1 });
      await makeDue(t.db, job.id);
    }
    expect(await processTaskSyncJobs({ db: t.db, handlers })).toMatchObject({ failed: 1, remaining: 0 });
    const row = await readJob(t.db, job.id);
    expect(row.status).toBe('failed');
    expect(row.attempts).toBe(3);
    expect(row.last_error_code).toBe('BadGateway');
    expect(row.last_error).toMatch(/upstream down.*after 3 attempts/);
  });

  it('needs-reconnect pauses the user without failing the job or spending its attempt', async () => {
    await connectUser(t.db, 'u1');
    await connectUser(t.db, 'u2');
    const job = await enqueue(t.db, { userId: 'u1', taskId: crypto.randomUUID() });
    const other = await enqueue(t.db, { userId: 'u1', taskId: crypto.randomUUID() });
    const bystander = await enqueue(t.db, { userId: 'u2', taskId: crypto.randomUUID() });
    let revoked = true;
    const handlers = handleAll(async (j) => {
      if (j.user_id === 'u1' && revoked) throw new NeedsReconnectError('invalid_grant', 'AADSTS70008: refresh token expired');
      return completed();
    });

    const run = await processTaskSyncJobs({ db: t.db, handlers, userConcurrency: 1 });
    expect(run.failed).toBe(0);
    expect(run.succeeded).toBe(1);
    expect((await readJob(t.db, bystander.id)).status).toBe('completed');
    const connection = await t.db.selectFrom('outlook_connections').selectAll().where('user_id', '=', 'u1').executeTakeFirstOrThrow();
    expect(connection.needs_reconnect).toBe(true);
    expect(connection.needs_reconnect_reason).toBe('invalid_grant');
    for (const id of [job.id, other.id]) {
      const row = await readJob(t.db, id);
      expect(row.status).toBe('pending');
      expect(row.attempts).toBe(0);
    }

    // Paused: nothing of u1's runs while the connection needs reconnecting.
    expect(await processTaskSyncJobs({ db: t.db, handlers })).toMatchObject({ processed: 0, remaining: 2 });

    // Reconnected: the same jobs run by themselves.
    revoked = false;
    await t.db.updateTable('outlook_connections').set({ needs_reconnect: false }).where('user_id', '=', 'u1').execute();
    expect(await processTaskSyncJobs({ db: t.db, handlers })).toMatchObject({ succeeded: 2, remaining: 0 });
  });

  it('a job whose action has no handler fails at once with a clear error', async () => {
    await connectUser(t.db, 'u1');
    const job = await enqueue(t.db, { userId: 'u1', action: 'full_sync' });
    expect(await processTaskSyncJobs({ db: t.db, handlers: {} })).toMatchObject({ failed: 1 });
    const row = await readJob(t.db, job.id);
    expect(row.status).toBe('failed');
    expect(row.last_error_code).toBe('no_handler');
    expect(row.last_error).toMatch(/No handler for job action 'full_sync'/);
  });

  it('handler outcomes: skipped, deferred and failed are recorded as such', async () => {
    await connectUser(t.db, 'u1');
    const skippedJob = await enqueue(t.db, { userId: 'u1', action: 'create', taskId: crypto.randomUUID() });
    const deferredJob = await enqueue(t.db, { userId: 'u1', action: 'delete', taskId: crypto.randomUUID() });
    const failedJob = await enqueue(t.db, { userId: 'u1', action: 'project_sync' });
    const until = new Date(Date.now() + 60_000);
    const summary = await processTaskSyncJobs({
      db: t.db,
      handlers: {
        create: async () => ({ status: 'skipped', reason: 'project closed' }),
        delete: async () => ({ status: 'deferred', until, reason: 'list not ready' }),
        project_sync: async () => ({ status: 'failed', error: 'project gone', code: 'project_missing' }),
      },
    });
    expect(summary).toEqual({ processed: 3, succeeded: 0, failed: 1, deferred: 1, skipped: 1, remaining: 1 });
    const s = await readJob(t.db, skippedJob.id);
    expect(s.status).toBe('skipped');
    expect(s.result).toEqual({ skipped: 'project closed' });
    const d = await readJob(t.db, deferredJob.id);
    expect(d.status).toBe('pending');
    expect(d.scheduled_at.getTime()).toBe(until.getTime());
    const f = await readJob(t.db, failedJob.id);
    expect(f).toMatchObject({ status: 'failed', last_error: 'project gone', last_error_code: 'project_missing' });
  });
});
