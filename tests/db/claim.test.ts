/**
 * claim_task_sync_jobs: expired leases are reclaimed, future jobs wait, users
 * needing reconnect or with a throttled mailbox are skipped, one job per task and one worker per user at a
 * time (a served user is out of the round until its holder finishes a job), interactive
 * before bulk and fair between users (every user with runnable work in each round,
 * however long the backlog ahead), on the clock it is given; and on real Postgres, two
 * claimers racing keep every rule, a holder finishing while another claimer looks
 * leaves its user ready, and 8 connections claiming at once from 5,000 jobs get every
 * job exactly once.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database, type Db } from '../../src/db/client';
import { claimTaskSyncJobs, completeJobs, nextPendingJobDueAt, pauseMailbox } from '../../src/db/jobs-repository';
import { createFreshDatabase, POSTGRES_SKIP_REASON, TEST_SECRET_KEY, testEngines, type FreshDatabase } from '../helpers/db';
import { useDatabasePerTest } from '../helpers/fresh-db';
import { connectUser, enqueue, readJob, sleep } from '../helpers/queue';

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
    await claim(t.db, 'crashed', 25, 1);
    expect(await claim(t.db, 'w2')).toEqual([]);
    await sleep(1_100);
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

  it('runs on the clock it is given (p_now): due jobs, picked_at and the lease follow it', async () => {
    await connectUser(t.db, 'u1');
    const later = await enqueue(t.db, { userId: 'u1', taskId: crypto.randomUUID(), scheduledAt: new Date(Date.now() + 60_000) });
    expect(await claimTaskSyncJobs(t.db, { workerId: 'w1', limit: 5, leaseSeconds: 30, now: new Date(Date.now() + 30_000) })).toEqual([]);
    const now = new Date(Date.now() + 61_000);
    const [claimed] = await claimTaskSyncJobs(t.db, { workerId: 'w1', limit: 5, leaseSeconds: 30, now });
    expect(claimed).toMatchObject({ id: later.id, worker_id: 'w1', attempts: 1 });
    expect(claimed.picked_at!.getTime()).toBe(now.getTime());
    expect(claimed.locked_until!.getTime()).toBe(now.getTime() + 30_000);
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
    await pauseMailbox(t.db, { userId: 'throttled', delayMs: 60_000, now: new Date() });
    expect(ids(await claim(t.db, 'w1'))).toEqual([ok.id]);
    const due = await nextPendingJobDueAt(t.db);
    expect(due!.getTime() - Date.now()).toBeGreaterThan(50_000);
    // A shorter pause later does not cut the longer one short.
    await pauseMailbox(t.db, { userId: 'throttled', delayMs: 1_000, now: new Date() });
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
    // A new job of alice's does not hand her to another worker while w1 holds her.
    const a3 = await enqueue(t.db, { userId: 'alice', taskId: crypto.randomUUID() });
    expect(await claim(t.db, 'w2')).toEqual([]);
    // Once her holder has finished its job, any worker may take her.
    expect(await completeJobs(t.db, { now: new Date(), workerId: 'w1', jobs: [{ jobId: a1.id }] })).toEqual([a1.id]);
    expect(ids(await claim(t.db, 'w2')).sort()).toEqual([a2.id, a3.id].sort());
  });

  it('takes a served user out of the round until its holder finishes a job or the lease ends', async () => {
    await connectUser(t.db, 'alice');
    const a1 = await enqueue(t.db, { userId: 'alice', taskId: crypto.randomUUID() });
    const a2 = await enqueue(t.db, { userId: 'alice', taskId: crypto.randomUUID() });
    expect(ids(await claim(t.db, 'w1', 1, 1))).toEqual([a1.id]);
    // Nobody visits her while w1 works (her row is not ready), w1 included.
    expect(await claim(t.db, 'w1')).toEqual([]);
    expect(await claim(t.db, 'w2')).toEqual([]);
    // The lease ends (a crashed worker): she is ready again, her expired job first.
    await sleep(1_100);
    expect(ids(await claim(t.db, 'w2')).sort()).toEqual([a1.id, a2.id].sort());
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

  it('claims a reconnected user again: needing reconnect takes it out of the round, reconnecting puts it back', async () => {
    await connectUser(t.db, 'lapsed', { needsReconnect: true });
    const waiting = await enqueue(t.db, { userId: 'lapsed', taskId: crypto.randomUUID() });
    expect(await claim(t.db, 'w1')).toEqual([]);
    expect(await t.db.selectFrom('task_sync_user_turns').select('user_id').where('user_id', '=', 'lapsed').execute()).toEqual([]);
    await t.db.updateTable('outlook_connections').set({ needs_reconnect: false }).where('user_id', '=', 'lapsed').execute();
    expect(ids(await claim(t.db, 'w1'))).toEqual([waiting.id]);
  });

  it('an interactive edit of a user whose turn comes later is claimed before bulk work of users ahead of it', async () => {
    for (let i = 0; i < 30; i++) {
      await connectUser(t.db, `bulk${i}`);
      await enqueue(t.db, { userId: `bulk${i}`, taskId: crypto.randomUUID(), priority: 10 });
      await enqueue(t.db, { userId: `bulk${i}`, taskId: crypto.randomUUID(), priority: 10 });
    }
    await connectUser(t.db, 'editor');
    await enqueue(t.db, { userId: 'editor', taskId: crypto.randomUUID(), priority: 10 });
    // Every user has been served once; "editor" is last in the round.
    for (let round = 0; round < 4; round++) {
      const got = await claim(t.db, 'w1', 8);
      await t.db.updateTable('task_sync_jobs').set({ status: 'completed' }).where('id', 'in', ids(got) as never[]).execute();
    }
    const edit = await enqueue(t.db, { userId: 'editor', taskId: crypto.randomUUID(), priority: 0 });
    expect(ids(await claim(t.db, 'w1', 2))[0]).toBe(edit.id);
  });

  it('a job handed back to pending (deferred) is claimed again when it comes due, by any worker', async () => {
    await connectUser(t.db, 'u1');
    const job = await enqueue(t.db, { userId: 'u1', taskId: crypto.randomUUID() });
    await claim(t.db, 'w1');
    await t.db
      .updateTable('task_sync_jobs')
      .set({ status: 'pending', worker_id: null, locked_until: null, scheduled_at: sql`now() + interval '300 ms'` })
      .where('id', '=', job.id as never)
      .execute();
    expect(await claim(t.db, 'w2')).toEqual([]);
    await sleep(400);
    expect(ids(await claim(t.db, 'w2'))).toEqual([job.id]);
  });

  it('forgets a user once its work is done, and serves it first when it has work again', async () => {
    for (const u of ['a', 'b']) await connectUser(t.db, u);
    const a1 = await enqueue(t.db, { userId: 'a', taskId: crypto.randomUUID() });
    const bJobs = [];
    for (let i = 0; i < 3; i++) bJobs.push(await enqueue(t.db, { userId: 'b', taskId: crypto.randomUUID() }));
    const first = await claim(t.db, 'w1', 25, 1);
    expect(ids(first).sort()).toEqual([a1.id, ...ids(bJobs)].sort());
    await t.db.updateTable('task_sync_jobs').set({ status: 'completed', locked_until: null }).where('id', 'in', ids(first) as never[]).execute();
    await sleep(1_100);
    // The leases' end has passed: a claim finds nothing and drops both rows.
    expect(await claim(t.db, 'w1')).toEqual([]);
    expect(await t.db.selectFrom('task_sync_user_turns').select('user_id').execute()).toEqual([]);
    const b4 = await enqueue(t.db, { userId: 'b', taskId: crypto.randomUUID() });
    const a2 = await enqueue(t.db, { userId: 'a', taskId: crypto.randomUUID() });
    expect(ids(await claim(t.db, 'w1', 1))).toEqual([b4.id]);
    expect(ids(await claim(t.db, 'w1', 1))).toEqual([a2.id]);
  });
});

describe.skipIf(POSTGRES_SKIP_REASON)(
  `two claimers racing on the same users on real Postgres${POSTGRES_SKIP_REASON ? ` (skipped: ${POSTGRES_SKIP_REASON})` : ''}`,
  () => {
    const USERS = 6;
    const TASKS_PER_USER = 12;
    const JOBS_PER_TASK = 3;
    let fresh: FreshDatabase;
    const connections: Database[] = [];
    beforeAll(async () => {
      fresh = await createFreshDatabase('postgres');
      for (let i = 0; i < 2; i++) connections.push(await openDatabase({ url: fresh.url, secretKey: TEST_SECRET_KEY, maxConnections: 1 }));
    });
    afterAll(async () => {
      for (const c of connections) await c.close();
      await fresh?.drop();
    });

    it('never holds one user on both, nor two jobs of a task at once; each job runs once, each task in order', async () => {
      // 6 users × 12 tasks × 3 jobs (create, update, delete of one task, queued in that order).
      await sql`
        insert into task_sync_jobs (user_id, action, task_id, priority)
        select 'user-' || u, (array['create', 'update', 'delete'])[k], md5('task-' || u || '-' || t)::uuid, (t % 2) * 10
          from generate_series(1, ${USERS}::int) u, generate_series(1, ${TASKS_PER_USER}::int) t, generate_series(1, ${JOBS_PER_TASK}::int) k
         order by k, u, t`.execute(fresh.database.db);
      const total = USERS * TASKS_PER_USER * JOBS_PER_TASK;
      const holderOfUser = new Map<string, number>();
      const holderOfTask = new Map<string, number>();
      const runs: { id: string; taskId: string | null }[] = [];
      const violations: string[] = [];
      let done = 0;
      const deadline = Date.now() + 30_000;
      await Promise.all(
        connections.map(async (c, w) => {
          while (done < total && Date.now() < deadline) {
            const jobs = await claim(c.db, `w${w}`, 4, 60);
            if (jobs.length === 0) {
              await sleep(1);
              continue;
            }
            for (const j of jobs) {
              const heldBy = holderOfUser.get(j.user_id);
              if (heldBy !== undefined && heldBy !== w) violations.push(`user ${j.user_id} held by w${heldBy} and w${w}`);
              holderOfUser.set(j.user_id, w);
              if (holderOfTask.has(j.task_id!)) violations.push(`task ${j.task_id} twice at once`);
              holderOfTask.set(j.task_id!, w);
              runs.push({ id: j.id, taskId: j.task_id });
            }
            await sleep(Math.random() * 3);
            // Give the users and tasks up before the completion commits, so a claim that
            // sees the completion can never find them still marked here.
            for (const j of jobs) {
              holderOfUser.delete(j.user_id);
              holderOfTask.delete(j.task_id!);
            }
            await c.db.updateTable('task_sync_jobs').set({ status: 'completed', locked_until: null }).where('id', 'in', ids(jobs) as never[]).execute();
            done += jobs.length;
          }
        }),
      );
      expect(violations).toEqual([]);
      expect(runs).toHaveLength(total);
      expect(new Set(runs.map((r) => r.id)).size).toBe(total);
      // Each task's jobs ran in id order (create, update, delete).
      const byTask = new Map<string, number[]>();
      for (const r of runs) byTask.set(r.taskId!, [...(byTask.get(r.taskId!) ?? []), Number(r.id)]);
      for (const order of byTask.values()) expect(order).toEqual([...order].sort((a, b) => a - b));
      const rows = await fresh.database.db.selectFrom('task_sync_jobs').select(['status', 'attempts']).execute();
      expect(rows.every((r) => r.status === 'completed' && r.attempts === 1)).toBe(true);
    });
  },
);

describe.skipIf(POSTGRES_SKIP_REASON)(
  `a holder finishing while another claimer looks at its user, on real Postgres${POSTGRES_SKIP_REASON ? ` (skipped: ${POSTGRES_SKIP_REASON})` : ''}`,
  () => {
    let fresh: FreshDatabase;
    const connections: Database[] = [];
    beforeAll(async () => {
      fresh = await createFreshDatabase('postgres');
      for (let i = 0; i < 2; i++) connections.push(await openDatabase({ url: fresh.url, secretKey: TEST_SECRET_KEY, maxConnections: 1 }));
    });
    afterAll(async () => {
      for (const c of connections) await c.close();
      await fresh?.drop();
    });

    it('leaves the user ready: the claim that saw the job still running cannot push the user out to the lease end', async () => {
      const [holder, other] = connections.map((c) => c.db);
      await connectUser(holder, 'alice');
      const taskX = crypto.randomUUID();
      const a1 = await enqueue(holder, { userId: 'alice', taskId: taskX });
      const a2 = await enqueue(holder, { userId: 'alice', taskId: crypto.randomUUID() });
      const a3 = await enqueue(holder, { userId: 'alice', taskId: taskX, action: 'update' });
      expect(ids(await claim(holder, 'w1', 25, 60)).sort()).toEqual([a1.id, a2.id].sort());
      expect(await completeJobs(holder, { now: new Date(), workerId: 'w1', jobs: [{ jobId: a1.id }] })).toEqual([a1.id]);
      // w2 visits alice while w1 still runs a2: she is held, so w2 takes nothing and puts
      // her out of the round until w1's lease ends. Before w2 commits, w1 finishes a2.
      let finishing: Promise<string[]> | undefined;
      await other.transaction().execute(async (tx) => {
        expect(await claim(tx, 'w2')).toEqual([]);
        finishing = completeJobs(holder, { now: new Date(), workerId: 'w1', jobs: [{ jobId: a2.id }] });
        await sleep(200);
      });
      expect(await finishing).toEqual([a2.id]);
      // Alice is ready again at once: her next job is claimed now, not after the lease.
      expect(ids(await claim(other, 'w2'))).toEqual([a3.id]);
    });
  },
);

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

      // Each claimer finishes its batch (as a worker does) and claims again. Claimers do
      // not wait for each other: one may find nothing while the others hold the users at
      // the front of the round (their rows are locked, or their jobs leased), and tries
      // again, until every job is done (or 20 s pass).
      let total = 0;
      const holderOfUser = new Map<string, number>();
      const violations: string[] = [];
      const deadline = Date.now() + 20_000;
      const claimedBy = await Promise.all(
        connections.map(async (c, i) => {
          const got: { id: string; user_id: string }[] = [];
          while (total < JOBS && Date.now() < deadline) {
            const batch = await claim(c.db, `w${i}`, 25, 300);
            if (batch.length === 0) {
              await sleep(2);
              continue;
            }
            for (const j of batch) {
              const heldBy = holderOfUser.get(j.user_id);
              if (heldBy !== undefined && heldBy !== i) violations.push(`user ${j.user_id} held by w${heldBy} and w${i}`);
              holderOfUser.set(j.user_id, i);
            }
            total += batch.length;
            got.push(...batch);
            // Give the users up before the completion commits (see the racing test above).
            for (const j of batch) holderOfUser.delete(j.user_id);
            const done = await completeJobs(c.db, { now: new Date(), workerId: `w${i}`, jobs: batch.map((j) => ({ jobId: j.id })) });
            if (done.length !== batch.length) violations.push(`w${i} lost ${batch.length - done.length} jobs`);
          }
          return got;
        }),
      );

      expect(violations).toEqual([]);
      const all = claimedBy.flat().map((j) => j.id);
      expect(all).toHaveLength(JOBS);
      expect(new Set(all).size).toBe(JOBS);
      expect(claimedBy.filter((got) => got.length > 0).length).toBeGreaterThan(1);
      const rows = await fresh.database.db.selectFrom('task_sync_jobs').select(['status', 'attempts']).execute();
      expect(rows.every((r) => r.status === 'completed' && r.attempts === 1)).toBe(true);
    });
  },
);
