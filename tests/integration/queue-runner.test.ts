/**
 * The in-process runner drains a job as soon as it is enqueued (NOTIFY from the
 * insert trigger: LISTEN on Postgres, in-process on PGlite), re-runs a deferred
 * job by itself when it comes due, and the periodic upkeep enqueues safety-net
 * full_syncs only for users who are due one and deletes finished jobs past retention.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database, type Db } from '../../src/db/client';
import { GraphError } from '../../src/graph/errors';
import { enqueuePeriodicFullSyncs } from '../../src/jobs/periodic-full-sync';
import { purgeFinishedJobs } from '../../src/db/jobs-repository';
import { runQueueUpkeep } from '../../src/jobs/queue-upkeep';
import { startQueueRunner, type QueueRunner } from '../../src/jobs/runner';
import { completed, type JobHandler } from '../../src/jobs/types';
import { POSTGRES_SKIP_REASON, TEST_SECRET_KEY, testEngines } from '../helpers/db';
import { useDatabasePerTest } from '../helpers/fresh-db';
import { connectUser, enqueue, handleAll, readJob, sleep } from '../helpers/queue';

const POLL_NEVER_MS = 10 * 60_000;

async function waitForStatus(db: Db, id: string, status: string, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const row = await readJob(db, id);
    if (row.status === status || Date.now() > until) return row;
    await sleep(50);
  }
}

describe.each(testEngines())('queue runner on %s', (engine) => {
  const t = useDatabasePerTest(engine);
  let runner: QueueRunner | undefined;
  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
  });

  it('picks up an enqueued job without waiting for the poll interval', async () => {
    await connectUser(t.db, 'u1');
    runner = await startQueueRunner({ database: t.database, pollIntervalMs: POLL_NEVER_MS, handlers: handleAll(async () => completed()) });
    await sleep(200); // the start-up drain finds nothing
    const job = await enqueue(t.db, { userId: 'u1', taskId: crypto.randomUUID() });
    expect((await waitForStatus(t.db, job.id, 'completed')).status).toBe('completed');
  });

  it('re-runs a throttled job by itself once its Retry-After has passed', async () => {
    await connectUser(t.db, 'u1');
    let calls = 0;
    const throttledOnce: JobHandler = async () => {
      if (calls++ === 0) throw new GraphError(429, 'TooManyRequests', 'slow down', { retryAfterMs: 500 });
      return completed();
    };
    runner = await startQueueRunner({ database: t.database, pollIntervalMs: POLL_NEVER_MS, handlers: handleAll(throttledOnce) });
    const job = await enqueue(t.db, { userId: 'u1', taskId: crypto.randomUUID() });
    const row = await waitForStatus(t.db, job.id, 'completed');
    expect({ status: row.status, attempts: row.attempts, error: row.last_error }).toEqual({ status: 'completed', attempts: 2, error: expect.any(String) });
  });

  it('stops cleanly: a stopped runner claims nothing more', async () => {
    await connectUser(t.db, 'u1');
    runner = await startQueueRunner({ database: t.database, pollIntervalMs: 100, handlers: handleAll(async () => completed()) });
    await runner.stop();
    const job = await enqueue(t.db, { userId: 'u1', taskId: crypto.randomUUID() });
    await sleep(500);
    expect((await readJob(t.db, job.id)).status).toBe('pending');
  });
});

describe.each(testEngines())('enqueuePeriodicFullSyncs on %s', (engine) => {
  const t = useDatabasePerTest(engine);

  it('enqueues a bulk full_sync for each connected user whose last full sync is too old, once', async () => {
    const longAgo = new Date(Date.now() - 3 * 3_600_000);
    await connectUser(t.db, 'never-synced');
    await connectUser(t.db, 'stale', { lastFullSyncAt: longAgo });
    await connectUser(t.db, 'fresh', { lastFullSyncAt: new Date() });
    await connectUser(t.db, 'paused', { lastFullSyncAt: longAgo, needsReconnect: true });
    await connectUser(t.db, 'just-failed', { lastFullSyncAt: longAgo });
    const failedJob = await enqueue(t.db, { userId: 'just-failed', action: 'full_sync' });
    await t.db.updateTable('task_sync_jobs').set({ status: 'failed' }).where('id', '=', failedJob.id as never).execute();

    expect(await enqueuePeriodicFullSyncs(t.db, 15)).toBe(2);
    const jobs = await t.db
      .selectFrom('task_sync_jobs')
      .select(['user_id', 'priority', 'status'])
      .where('action', '=', 'full_sync')
      .where('status', '=', 'pending')
      .orderBy('user_id')
      .execute();
    expect(jobs).toEqual([
      { user_id: 'never-synced', priority: 10, status: 'pending' },
      { user_id: 'stale', priority: 10, status: 'pending' },
    ]);
    // Next tick: already queued, nothing new.
    expect(await enqueuePeriodicFullSyncs(t.db, 15)).toBe(0);

    // Long after the failed attempt, the user is due again.
    await t.db.updateTable('task_sync_jobs').set({ created_at: sql`now() - interval '1 hour'` } as never).where('id', '=', failedJob.id as never).execute();
    expect(await enqueuePeriodicFullSyncs(t.db, 15)).toBe(1);
  });
});

describe.each(testEngines())('retention of finished jobs on %s', (engine) => {
  const t = useDatabasePerTest(engine);

  async function finished(userId: string, status: 'completed' | 'skipped' | 'failed', daysAgo: number) {
    const job = await enqueue(t.db, { userId, taskId: crypto.randomUUID() });
    await sql`update task_sync_jobs set status = ${status}, completed_at = now() - make_interval(days => ${daysAgo}::int) where id = ${job.id}`.execute(t.db);
    return job.id;
  }

  it('deletes completed and skipped jobs past OUTLOOK_JOB_RETENTION_DAYS; keeps failed, pending and recent ones', async () => {
    await connectUser(t.db, 'u1');
    const oldCompleted = await finished('u1', 'completed', 10);
    const oldSkipped = await finished('u1', 'skipped', 8);
    const oldFailed = await finished('u1', 'failed', 30);
    const recent = await finished('u1', 'completed', 2);
    const pending = (await enqueue(t.db, { userId: 'u1', taskId: crypto.randomUUID() })).id;

    expect(await runQueueUpkeep(t.db, { jobRetentionDays: 7 })).toEqual({ periodicFullSyncs: 0, purgedJobs: 2 });
    const left = (await t.db.selectFrom('task_sync_jobs').select('id').execute()).map((r) => r.id).sort();
    expect(left).toEqual([oldFailed, recent, pending].sort());
    expect(left).not.toContain(oldCompleted);
    expect(left).not.toContain(oldSkipped);
  });

  it('keeps everything when retention is 0, and deletes a long history in bounded batches', async () => {
    await connectUser(t.db, 'u1');
    for (let i = 0; i < 5; i++) await finished('u1', 'completed', 20);
    expect(await runQueueUpkeep(t.db, { jobRetentionDays: 0 })).toMatchObject({ purgedJobs: 0 });
    expect(await purgeFinishedJobs(t.db, { olderThanDays: 7, limit: 2, now: new Date() })).toBe(2);
    expect(await purgeFinishedJobs(t.db, { olderThanDays: 7, limit: 2, now: new Date() })).toBe(2);
    expect(await purgeFinishedJobs(t.db, { olderThanDays: 7, limit: 2, now: new Date() })).toBe(1);
    expect(await purgeFinishedJobs(t.db, { olderThanDays: 7, limit: 2, now: new Date() })).toBe(0);
  });

  it('the runner runs the upkeep on its tick', async () => {
    await connectUser(t.db, 'u1');
    const old = await finished('u1', 'completed', 9);
    const runner = await startQueueRunner({ database: t.database, handlers: handleAll(async () => completed()), pollIntervalMs: POLL_NEVER_MS, jobRetentionDays: 7 });
    try {
      const until = Date.now() + 10_000;
      while ((await t.db.selectFrom('task_sync_jobs').select('id').where('id', '=', old).executeTakeFirst()) && Date.now() < until) await sleep(50);
      expect(await t.db.selectFrom('task_sync_jobs').select('id').where('id', '=', old).executeTakeFirst()).toBeUndefined();
    } finally {
      await runner.stop();
    }
  });
});

describe.skipIf(POSTGRES_SKIP_REASON)(`two runners on one Postgres${POSTGRES_SKIP_REASON ? ` (skipped: ${POSTGRES_SKIP_REASON})` : ''}`, () => {
  const t = useDatabasePerTest('postgres');

  it('share the queue: every job runs exactly once', async () => {
    const runs = new Map<string, string[]>();
    const record: JobHandler = async (job, ctx) => {
      runs.set(job.id, [...(runs.get(job.id) ?? []), ctx.workerId]);
      await sleep(2);
      return completed();
    };
    const pools: Database[] = [];
    const runners: QueueRunner[] = [];
    try {
      for (const name of ['one', 'two']) {
        const pool = await openDatabase({ url: t.url, secretKey: TEST_SECRET_KEY, maxConnections: 3 });
        pools.push(pool);
        runners.push(await startQueueRunner({ database: pool, workerId: `runner-${name}`, pollIntervalMs: POLL_NEVER_MS, handlers: handleAll(record) }));
      }
      const ids: string[] = [];
      for (let u = 0; u < 6; u++) {
        await connectUser(t.db, `u${u}`);
        for (let k = 0; k < 8; k++) ids.push((await enqueue(t.db, { userId: `u${u}`, taskId: crypto.randomUUID() })).id);
      }
      for (const id of ids) expect((await waitForStatus(t.db, id, 'completed')).status).toBe('completed');
      expect([...runs.values()].every((workers) => workers.length === 1)).toBe(true);
      expect(runs.size).toBe(ids.length);
    } finally {
      for (const runner of runners) await runner.stop();
      for (const pool of pools) await pool.close();
    }
  });
});
