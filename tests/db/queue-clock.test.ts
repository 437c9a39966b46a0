/**
 * The queue runs on the Clock it is given (decision 0049, graphile-worker's useNodeTime):
 * with a test clock an hour behind the database, every time the queue writes is exactly
 * the clock's, and what is due, paused, stale or old enough to purge is judged by the
 * clock, although the database's own now() says otherwise. claim_task_sync_jobs still
 * reads now() itself (by which a job deferred on this clock is due at once), so each run
 * here claims its jobs once (`limit`).
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { later } from '../../src/config/clock';
import type { Db } from '../../src/db/client';
import { findUsersDueForFullSync, isMailboxThrottled } from '../../src/db/jobs-repository';
import { GraphError } from '../../src/graph';
import { processTaskSyncJobs } from '../../src/jobs/process-task-sync-jobs';
import { enqueueTaskSyncJob } from '../../src/jobs/queue';
import { runQueueUpkeep } from '../../src/jobs/queue-upkeep';
import { msUntilNextJobDue } from '../../src/jobs/runner';
import { completed, deferred, type JobHandler } from '../../src/jobs/types';
import { testClock } from '../helpers/clock';
import { testEngines } from '../helpers/db';
import { useDatabasePerTest } from '../helpers/fresh-db';
import { connectUser, handleAll, readJob } from '../helpers/queue';

const HOUR_MS = 3_600_000;
/** A whole second an hour before now: the database's now() is well past anything the test clock reaches. */
const anHourAgo = () => new Date(Math.floor(Date.now() / 1000) * 1000 - HOUR_MS);

async function enqueueCreate(db: Db, clock: { now(): Date }, userId: string) {
  const r = await enqueueTaskSyncJob(db, { userId, action: 'create', taskId: crypto.randomUUID() }, clock);
  if (r.status === 'skipped') throw new Error(`enqueue skipped: ${r.reason}`);
  return r.job;
}

/** The database's own judgement: is `at` in its past? */
async function databaseSaysPast(db: Db, at: Date): Promise<boolean> {
  const { rows } = await sql<{ past: boolean }>`select ${at}::timestamptz < now() as past`.execute(db);
  return rows[0].past;
}

describe.each(testEngines())('the queue on a test clock (%s)', (engine) => {
  const t = useDatabasePerTest(engine);

  it("a job enqueued, deferred or completed gets exactly the clock's times", async () => {
    const clock = testClock(anHourAgo());
    const t0 = clock.now();
    await connectUser(t.db, 'u1');
    const waits = await enqueueCreate(t.db, clock, 'u1');
    const finishes = await enqueueCreate(t.db, clock, 'u1');
    expect(waits.scheduled_at).toEqual(t0);
    expect(finishes.scheduled_at).toEqual(t0);

    clock.advance(5_000);
    const handler: JobHandler = async (job) => (job.id === waits.id ? deferred(later(clock, 30_000), 'waiting for something') : completed());
    const summary = await processTaskSyncJobs({ db: t.db, workerId: 'w1', handlers: handleAll(handler), clock, limit: 2 });

    expect(summary).toMatchObject({ processed: 2, succeeded: 1, deferred: 1, remaining: 1 });
    expect(await readJob(t.db, finishes.id)).toMatchObject({ status: 'completed', completed_at: new Date(t0.getTime() + 5_000) });
    expect(await readJob(t.db, waits.id)).toMatchObject({ status: 'pending', scheduled_at: new Date(t0.getTime() + 35_000) });
  });

  it("a deferred job is not due until the test clock passes its scheduled_at, though the database's now() has", async () => {
    const clock = testClock(anHourAgo());
    await connectUser(t.db, 'u1');
    const job = await enqueueCreate(t.db, clock, 'u1');
    await processTaskSyncJobs({ db: t.db, workerId: 'w1', handlers: handleAll(async () => deferred(later(clock, 30_000), 'later')), clock, limit: 1 });
    const { scheduled_at } = await readJob(t.db, job.id);

    expect(await databaseSaysPast(t.db, scheduled_at)).toBe(true);
    expect(await msUntilNextJobDue(t.db, clock)).toBe(30_000);
    clock.advance(29_999);
    expect(await msUntilNextJobDue(t.db, clock)).toBe(1);
    clock.advance(1);
    expect(await msUntilNextJobDue(t.db, clock)).toBe(0);
  });

  it('a throttled job pauses the mailbox and waits on the clock', async () => {
    const clock = testClock(anHourAgo());
    const t0 = clock.now();
    await connectUser(t.db, 'u1');
    const job = await enqueueCreate(t.db, clock, 'u1');
    const throttled: JobHandler = async () => {
      throw new GraphError(429, 'TooManyRequests', 'slow down', { retryAfterMs: 60_000 });
    };
    await processTaskSyncJobs({ db: t.db, workerId: 'w1', handlers: handleAll(throttled), clock, limit: 1 });

    const row = await readJob(t.db, job.id);
    expect(row).toMatchObject({ status: 'pending', throttle_count: 1, scheduled_at: new Date(t0.getTime() + 60_000) });
    const { throttled_until } = await t.db.selectFrom('outlook_connections').select('throttled_until').where('user_id', '=', 'u1').executeTakeFirstOrThrow();
    expect(throttled_until).toEqual(new Date(t0.getTime() + 60_000));
    expect(await databaseSaysPast(t.db, throttled_until!)).toBe(true);
    expect(await isMailboxThrottled(t.db, 'u1', clock.now())).toBe(true);
    clock.advance(60_000);
    expect(await isMailboxThrottled(t.db, 'u1', clock.now())).toBe(false);
  });

  it('the safety net and the retention of finished jobs count on the clock', async () => {
    const clock = testClock(anHourAgo());
    await connectUser(t.db, 'synced', { lastFullSyncAt: new Date(clock.now().getTime() - 10 * 60_000) });
    const cadence = { intervalMin: 15, healthyIntervalMin: 15 };
    // Ten minutes ago on the clock (seventy by the database's): not due yet.
    expect(await findUsersDueForFullSync(t.db, cadence, clock.now())).toEqual([]);
    clock.advance(6 * 60_000);
    expect(await findUsersDueForFullSync(t.db, cadence, clock.now())).toEqual(['synced']);
    expect(await runQueueUpkeep(t.db, { fullSyncIntervalMin: 15, healthyFullSyncIntervalMin: 15, clock })).toEqual({ periodicFullSyncs: 1, purgedJobs: 0 });
    const sync = await t.db.selectFrom('task_sync_jobs').selectAll().where('user_id', '=', 'synced').executeTakeFirstOrThrow();
    expect(sync.scheduled_at).toEqual(clock.now());

    await processTaskSyncJobs({ db: t.db, workerId: 'w1', handlers: handleAll(async () => completed()), clock });
    expect(await readJob(t.db, sync.id)).toMatchObject({ status: 'completed', completed_at: clock.now() });
    // Kept one day after it finished by the clock, though by the database's now() it finished only an hour ago.
    clock.advance(24 * HOUR_MS - 1);
    expect(await runQueueUpkeep(t.db, { jobRetentionDays: 1, clock })).toEqual({ periodicFullSyncs: 0, purgedJobs: 0 });
    clock.advance(2);
    expect(await runQueueUpkeep(t.db, { jobRetentionDays: 1, clock })).toEqual({ periodicFullSyncs: 0, purgedJobs: 1 });
  });
});
