/**
 * Eight workers, each with its own connection pool (as eight processes would
 * have), drain one Postgres queue at once. Real Postgres only: PGlite is a single
 * connection. Asserts every job runs exactly once, never two jobs of one task at
 * once, never one user's jobs in two workers at once (so per-mailbox Graph
 * concurrency stays within one worker's limit), and each task's jobs in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client';
import type { JobAction } from '../../src/db/schema';
import { processTaskSyncJobs } from '../../src/jobs/process-task-sync-jobs';
import { completed, type JobHandler } from '../../src/jobs/types';
import { createFreshDatabase, POSTGRES_SKIP_REASON, TEST_SECRET_KEY, type FreshDatabase } from '../helpers/db';
import { connectUser, enqueue, handleAll, sleep } from '../helpers/queue';

const WORKERS = 8;
const USERS = 24;
const TASKS_PER_USER = 4;
const ACTIONS: JobAction[] = ['create', 'update', 'delete'];

describe.skipIf(POSTGRES_SKIP_REASON)(`8 concurrent workers on real Postgres${POSTGRES_SKIP_REASON ? ` (skipped: ${POSTGRES_SKIP_REASON})` : ''}`, () => {
  let fresh: FreshDatabase;
  const pools: Database[] = [];

  beforeAll(async () => {
    fresh = await createFreshDatabase('postgres');
    for (let i = 0; i < WORKERS; i++) pools.push(await openDatabase({ url: fresh.url, secretKey: TEST_SECRET_KEY, maxConnections: 3 }));
  });
  afterAll(async () => {
    for (const pool of pools) await pool.close();
    await fresh?.drop();
  });

  it('runs every job once, one job per task and one worker per user at a time, tasks in order', async () => {
    const db = fresh.database.db;
    const expected = new Map<string, { taskId: string | null; action: JobAction }>();
    for (let u = 0; u < USERS; u++) {
      const userId = `user-${u}`;
      await connectUser(db, userId);
      for (let k = 0; k < TASKS_PER_USER; k++) {
        const taskId = crypto.randomUUID();
        for (const action of ACTIONS) {
          const job = await enqueue(db, { userId, action, taskId, priority: k % 2 === 0 ? 0 : 10 });
          expected.set(job.id, { taskId, action });
        }
      }
      const full = await enqueue(db, { userId, action: 'full_sync' });
      expected.set(full.id, { taskId: null, action: 'full_sync' });
    }

    const runs = new Map<string, number>();
    const taskOrder = new Map<string, JobAction[]>();
    const tasksInFlight = new Set<string>();
    const userWorkers = new Map<string, Map<string, number>>();
    const violations: string[] = [];
    let maxJobsInFlightPerUser = 0;
    const workersSeen = new Set<string>();

    const observe: JobHandler = async (job, ctx) => {
      runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
      workersSeen.add(ctx.workerId);
      if (job.task_id) {
        if (tasksInFlight.has(job.task_id)) violations.push(`task ${job.task_id} ran twice at once`);
        tasksInFlight.add(job.task_id);
        taskOrder.set(job.task_id, [...(taskOrder.get(job.task_id) ?? []), job.action]);
      }
      const byWorker = userWorkers.get(job.user_id) ?? new Map<string, number>();
      userWorkers.set(job.user_id, byWorker);
      byWorker.set(ctx.workerId, (byWorker.get(ctx.workerId) ?? 0) + 1);
      if (byWorker.size > 1) violations.push(`user ${job.user_id} in workers ${[...byWorker.keys()].join(', ')} at once`);
      maxJobsInFlightPerUser = Math.max(maxJobsInFlightPerUser, [...byWorker.values()].reduce((a, b) => a + b, 0));
      await sleep(1 + Math.floor(Math.random() * 4));
      if (job.task_id) tasksInFlight.delete(job.task_id);
      const left = byWorker.get(ctx.workerId)! - 1;
      if (left === 0) byWorker.delete(ctx.workerId);
      else byWorker.set(ctx.workerId, left);
      return completed();
    };

    await Promise.all(
      pools.map(async (pool, i) => {
        for (;;) {
          const s = await processTaskSyncJobs({ db: pool.db, workerId: `w${i}`, limit: 10, userConcurrency: 4, handlers: handleAll(observe) });
          if (s.processed === 0 && s.remaining === 0) return;
          if (s.processed === 0) await sleep(5);
        }
      }),
    );

    expect(violations).toEqual([]);
    expect(workersSeen.size).toBeGreaterThan(1);
    expect(maxJobsInFlightPerUser).toBeLessThanOrEqual(4);
    expect(runs.size).toBe(expected.size);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    for (const order of taskOrder.values()) expect(order).toEqual(ACTIONS);
    const statuses = await db.selectFrom('task_sync_jobs').select(['status', 'attempts']).execute();
    expect(statuses.every((r) => r.status === 'completed' && r.attempts === 1)).toBe(true);
  });
});
