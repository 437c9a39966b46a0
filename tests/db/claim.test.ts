/**
 * claim_task_sync_jobs: expired leases are reclaimed, future jobs wait, users
 * needing reconnect or with a throttled mailbox are skipped, one job per task and one worker per user at a
 * time, interactive before bulk and fair between users (every user with runnable
 * work in each round, however long the backlog ahead); and on real Postgres, 8
 * connections claiming at once from 5,000 jobs get every job exactly once.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database, type Db } from '../../src/db/client';
import { claimTaskSyncJobs, nextPendingJobDueAt, pauseMailbox } from '../../src/db/jobs-repository';
import { createFreshDatabase, POSTGRES_SKIP_REASON, TEST_SECRET_KEY, testEngines, type FreshDatabase } from '../helpers/db';
import { useDatabasePerTest } from '../helpers/fresh-db';
import { connectUser, enqueue, readJob } from '../helpers/queue';

const claim = (db: Db, workerId: string, limit = 25, leaseSeconds = 60) => claimTaskSyncJobs(db, { workerId, limit, leaseSeconds });
const ids = (jobs: { id: string }[]) => jobs.map((j) => j.id);

describe.each(testEngines())('claim_task_sync_jobs on %s', (engine) => {
  const t = useDatabasePerTest(engine);

  it('stamps worker_id, picked_at and the lease, and counts the attempt', async () => {
    await connectUser(t.db, 'u1');
    const job = await enqueue(t.db, { userId: 'u1', taskId: crypto.randomUUID() });
    const [claimed] = await claim(t.db, 'w1', 5, 30);
    expect(claimed).toMatchObject({ id: job.id, status: 'processing', worker_id: 'w1', attempts: 1 });
    expect(claimed.locked_until!.getTime() - claimed.picked_at!.getTime()).toBe(30_000);
    expect(await claim(t.db, 'w2')).toEqual([]);
  });

  it('reclaims a job whose lease expired', async () => {
    await connectUser(t.db, 'u1');
    const job = await enqueue(t.db, { userId: 'u1', taskId: crypto.randomUUID() });
    await claim(t.db, 'crashed');
    await t.db.updateTable('task_sync_jobs').set({ locked_until: sql`now() - interval '1 second'` }).where('id', '=', job.id as never).execute();
    const [reclaimed] = await claim(t.db, 'w2');
    expect(reclaimed).toMatchObject({ id: job.id, worker_id: 'w2', attempts: 2, status: 'processing' });
  });

  it('does not claim a job scheduled in the future', async () => {
    await connectUser(t.db, 'u1');
    const later = await enqueue(t.db, { userId: 'u1', taskId: crypto.randomUUID(), scheduledAt: new Date(Date.now() + 60_000) });
    const now = await enqueue(t.db, { userId: 'u1', taskId: crypto.randomUUID() });
    expect(ids(await claim(t.db, 'w1'))).toEqual([now.id]);
    expect(await readJob(t.db, later.id)).toMatchObject({ status: 'pending', attempts: 0, worker_id: null });
  });

  it('skips users whose connection needs reconnecting', async () => {
    await connectUser(t.db, 'paused', { needsReconnect: true });
    await connectUser(t.db, 'ok');
    await enqueue(t.db, { userId: 'paused', taskId: crypto.randomUUID() });
    const ok = await enqueue(t.db, { userId: 'ok', taskId: crypto.randomUUID() });
    expect(ids(await claim(t.db, 'w1'))).toEqual([ok.id]);
  });

  it('skips users whose mailbox is throttled until the pause is over; the runner wakes then', async () => {
    await connectUser(t.db, 'throttled');
    await connectUser(t.db, 'ok');
    const waiting = await enqueue(t.db, { userId: 'throttled', taskId: crypto.randomUUID() });
    const ok = await enqueue(t.db, { userId: 'ok', taskId: crypto.randomUUID() });
    await pauseMailbox(t.db, { userId: 'throttled', delayMs: 60_000 });
    expect(ids(await claim(t.db, 'w1'))).toEqual([ok.id]);
    const due = await nextPendingJobDueAt(t.db);
    expect(due!.getTime() - Date.now()).toBeGreaterThan(50_000);
    // A shorter pause later does not cut the longer one short.
    await pauseMailbox(t.db, { userId: 'throttled', delayMs: 1_000 });
    expect(await claim(t.db, 'w1')).toEqual([]);
    // Pause over: claimed like any other job, attempts untouched by the wait.
    await t.db.updateTable('outlook_connections').set({ throttled_until: sql`now() - interval '1 second'` }).where('user_id', '=', 'throttled').execute();
    expect(await claim(t.db, 'w1')).toMatchObject([{ id: waiting.id, attempts: 1 }]);
  });

  it('never hands out two jobs of one task at once, and keeps their order', async () => {
    await connectUser(t.db, 'u1');
    const taskId = crypto.randomUUID();
    const create = await enqueue(t.db, { userId: 'u1', action: 'create', taskId });
    const del = await enqueue(t.db, { userId: 'u1', action: 'delete', taskId });
    expect(ids(await claim(t.db, 'w1'))).toEqual([create.id]);
    expect(await claim(t.db, 'w1')).toEqual([]);
    await t.db.updateTable('task_sync_jobs').set({ status: 'completed' }).where('id', '=', create.id as never).execute();
    expect(ids(await claim(t.db, 'w1'))).toEqual([del.id]);
  });

  it('keeps a user on one worker: another worker skips a user whose job it does not hold', async () => {
    await connectUser(t.db, 'alice');
    await connectUser(t.db, 'bob');
    const a1 = await enqueue(t.db, { userId: 'alice', taskId: crypto.randomUUID() });
    const a2 = await enqueue(t.db, { userId: 'alice', taskId: crypto.randomUUID() });
    const b1 = await enqueue(t.db, { userId: 'bob', taskId: crypto.randomUUID() });
    expect(ids(await claim(t.db, 'w1', 1))).toEqual([a1.id]);
    expect(ids(await claim(t.db, 'w2'))).toEqual([b1.id]);
    // The holder itself may take more of alice's jobs.
    expect(ids(await claim(t.db, 'w1'))).toEqual([a2.id]);
  });

  it('claims interactive before bulk, round-robin between users within a priority', async () => {
    for (const u of ['big', 'small']) await connectUser(t.db, u);
    const bigBulk = [];
    for (let i = 0; i < 4; i++) bigBulk.push(await enqueue(t.db, { userId: 'big', taskId: crypto.randomUUID(), priority: 10 }));
    const smallBulk = await enqueue(t.db, { userId: 'small', taskId: crypto.randomUUID(), priority: 10 });
    const smallEdit = await enqueue(t.db, { userId: 'small', taskId: crypto.randomUUID(), priority: 0 });
    const order = ids(await claim(t.db, 'w1', 3));
    expect(order).toEqual([smallEdit.id, bigBulk[0].id, smallBulk.id]);
  });

  it('serves every user with runnable work in the first round, however long the backlog queued before them', async () => {
    // User "a" queued 5,000 same-priority jobs first; 24 other users one job each, later.
    await connectUser(t.db, 'a');
    await sql`
      insert into task_sync_jobs (user_id, action, task_id, priority, scheduled_at)
      select 'a', 'create', gen_random_uuid(), 0, now() - interval '1 hour' + g * interval '1 ms'
        from generate_series(1, 5000) g`.execute(t.db);
    const others = Array.from({ length: 24 }, (_, i) => `u${String(i + 1).padStart(2, '0')}`);
    const late = [];
    for (const u of others) {
      await connectUser(t.db, u);
      late.push(await enqueue(t.db, { userId: u, taskId: crypto.randomUUID() }));
    }
    const first = await claim(t.db, 'w1', 25);
    expect(first).toHaveLength(25);
    expect(ids(first)).toEqual(expect.arrayContaining(ids(late)));
    expect(first.filter((j) => j.user_id === 'a')).toHaveLength(1);
  });

  it('round-robins between users across claims: a long backlog goes to the back of the round after each turn', async () => {
    for (const u of ['a', 'b', 'c']) await connectUser(t.db, u);
    for (let i = 0; i < 6; i++) await enqueue(t.db, { userId: 'a', taskId: crypto.randomUUID() });
    for (const u of ['b', 'c']) for (let i = 0; i < 3; i++) await enqueue(t.db, { userId: u, taskId: crypto.randomUUID() });
    const served: string[][] = [];
    for (let round = 0; round < 4; round++) {
      const got = await claim(t.db, 'w1', 2);
      served.push(got.map((j) => j.user_id).sort());
      await t.db.updateTable('task_sync_jobs').set({ status: 'completed' }).where('id', 'in', ids(got) as never[]).execute();
    }
    expect(served).toEqual([['a', 'b'], ['a', 'c'], ['b', 'c'], ['a', 'b']]);
  });

  it('still takes all of a user\'s interactive jobs before other users\' bulk ones', async () => {
    await connectUser(t.db, 'solo');
    const edits = [];
    for (let i = 0; i < 6; i++) edits.push(await enqueue(t.db, { userId: 'solo', taskId: crypto.randomUUID(), priority: 0 }));
    const bulk = [];
    for (let i = 0; i < 10; i++) {
      await connectUser(t.db, `bulk${i}`);
      bulk.push(await enqueue(t.db, { userId: `bulk${i}`, taskId: crypto.randomUUID(), priority: 10 }));
    }
    const order = ids(await claim(t.db, 'w1', 8));
    expect(order.slice(0, 6)).toEqual(ids(edits));
    expect(order.slice(6)).toEqual(ids(bulk.slice(0, 2)));
  });
});

describe.skipIf(POSTGRES_SKIP_REASON)(
  `8 connections claiming at once on real Postgres${POSTGRES_SKIP_REASON ? ` (skipped: ${POSTGRES_SKIP_REASON})` : ''}`,
  () => {
    const JOBS = 5000;
    const CONNECTIONS = 8;
    let fresh: FreshDatabase;
    const connections: Database[] = [];
    beforeAll(async () => {
      fresh = await createFreshDatabase('postgres');
      for (let i = 0; i < CONNECTIONS; i++) connections.push(await openDatabase({ url: fresh.url, secretKey: TEST_SECRET_KEY, maxConnections: 1 }));
    });
    afterAll(async () => {
      for (const c of connections) await c.close();
      await fresh?.drop();
    });

    it('gives every one of 5,000 pending jobs to exactly one claimer', async () => {
      // 100 users × 50 jobs, half of them with a task; inserted in one statement.
      await sql`
        insert into task_sync_jobs (user_id, action, task_id, priority)
        select 'user-' || (g % 100), 'create', case when g % 2 = 0 then gen_random_uuid() end, (g % 3) * 5
          from generate_series(1, ${JOBS}::int) g
      `.execute(fresh.database.db);

      const claimedBy = await Promise.all(
        connections.map(async (c, i) => {
          const got: { id: string; user_id: string }[] = [];
          for (;;) {
            const batch = await claim(c.db, `w${i}`, 25, 300);
            if (batch.length === 0) return got;
            got.push(...batch);
          }
        }),
      );

      const all = claimedBy.flat().map((j) => j.id);
      expect(all).toHaveLength(JOBS);
      expect(new Set(all).size).toBe(JOBS);
      expect(claimedBy.filter((got) => got.length > 0).length).toBeGreaterThan(1);
      // Each user went to one claimer only.
      const owners = new Map<string, Set<number>>();
      claimedBy.forEach((got, i) => got.forEach((j) => owners.set(j.user_id, (owners.get(j.user_id) ?? new Set()).add(i))));
      expect([...owners.values()].every((s) => s.size === 1)).toBe(true);
      const rows = await fresh.database.db.selectFrom('task_sync_jobs').select(['status', 'attempts']).execute();
      expect(rows.every((r) => r.status === 'processing' && r.attempts === 1)).toBe(true);
    });
  },
);
