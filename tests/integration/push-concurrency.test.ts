/**
 * Eight workers, each with its own connection pool (as eight processes would have),
 * push three users' edits to the emulator at once (issue 6 §5, "Show, with tests").
 * Real Postgres only: PGlite is a single connection. Asserts no two jobs of one task
 * ever run at once, the emulator never sees more than 4 requests in flight for one
 * mailbox (and throttles none), every job ends well, and To Do ends up as Planner.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index';
import { openDatabase, type Database } from '../../src/db/client';
import { processTaskSyncJobs } from '../../src/jobs/process-task-sync-jobs';
import type { JobHandler, JobHandlers } from '../../src/jobs/types';
import { createProject } from '../../src/server/projects';
import { createTask, deleteTask, moveTask, updateTask } from '../../src/server/tasks';
import { createFreshDatabase, POSTGRES_SKIP_REASON, TEST_SECRET_KEY, type FreshDatabase } from '../helpers/db';
import { TEST_APP_ENV, useProcessEnv } from '../helpers/process-env';
import { EMULATOR_CLIENTS } from './connect-kit';
import { connectedUser, pushHandlers, remoteCopies, sleep, type ConnectedUser } from './push-kit';

const WORKERS = 8;
const USERS = 3;
const TASKS_PER_USER = 14;

describe.skipIf(POSTGRES_SKIP_REASON)(`8 concurrent push workers on real Postgres${POSTGRES_SKIP_REASON ? ` (skipped: ${POSTGRES_SKIP_REASON})` : ''}`, () => {
  useProcessEnv(TEST_APP_ENV);
  let fresh: FreshDatabase;
  let emulator: Emulator;
  const pools: Database[] = [];

  beforeAll(async () => {
    fresh = await createFreshDatabase('postgres');
    for (let i = 0; i < WORKERS; i++) pools.push(await openDatabase({ url: fresh.url, secretKey: TEST_SECRET_KEY, maxConnections: 3 }));
    emulator = await startEmulator({ port: 0, clients: EMULATOR_CLIENTS, autoApprove: true, latencyMs: [2, 12] });
  });
  afterAll(async () => {
    await emulator?.close();
    for (const pool of pools) await pool.close();
    await fresh?.drop();
  });

  /** Each user's edits: creates, renames, moves between lists, completions and deletes. */
  async function plannerEdits(u: ConnectedUser): Promise<void> {
    const db = fresh.database.db;
    const projects = [await createProject(db, u.userId, { name: 'Alpha' }), await createProject(db, u.userId, { name: 'Beta' })];
    for (let k = 0; k < TASKS_PER_USER; k++) {
      const task = await createTask(db, u.userId, { title: `Task ${k}`, project_id: k % 3 === 0 ? null : projects[k % 2].id });
      await updateTask(db, u.userId, task.id, { title: `Task ${k} renamed`, priority: k % 2 ? 'high' : 'low' });
      if (k % 4 === 1) await moveTask(db, u.userId, task.id, projects[(k + 1) % 2].id);
      if (k % 5 === 2) await updateTask(db, u.userId, task.id, { completed: true });
      if (k % 7 === 3) await deleteTask(db, u.userId, task.id);
    }
  }

  /** Wraps the real handlers to record any two jobs of one task running at once. */
  function observed(handlers: JobHandlers, inFlight: Set<string>, violations: string[]): JobHandlers {
    const wrap = (handler: JobHandler): JobHandler => async (job, ctx) => {
      const key = job.task_id;
      if (key && inFlight.has(key)) violations.push(`task ${key} ran two jobs at once`);
      if (key) inFlight.add(key);
      try {
        return await handler(job, ctx);
      } finally {
        if (key) inFlight.delete(key);
      }
    };
    return Object.fromEntries(Object.entries(handlers).map(([action, h]) => [action, wrap(h!)]));
  }

  it('never runs two jobs of one task at once, keeps each mailbox at ≤ 4 requests in flight, and To Do ends up as Planner', async () => {
    const db = fresh.database.db;
    const tokenKey = randomBytes(32);
    const users: ConnectedUser[] = [];
    for (let i = 0; i < USERS; i++) users.push(await connectedUser(db, emulator, { tokenKey }));
    for (const u of users) await plannerEdits(u);
    await emulator.control.resetStats();

    const inFlight = new Set<string>();
    const violations: string[] = [];
    const deps = users[0].deps;
    const workers = pools.map(async (pool, i) => {
      const handlers = observed(pushHandlers({ ...deps, db: pool.db }), inFlight, violations);
      const stopAt = Date.now() + 90_000;
      while (Date.now() < stopAt) {
        const run = await processTaskSyncJobs({ db: pool.db, handlers, workerId: `push-worker-${i}`, limit: 3 });
        if (run.processed === 0 && run.remaining === 0) return;
        if (run.processed === 0) await sleep(20);
      }
    });
    await Promise.all(workers);

    expect(violations).toEqual([]);
    const jobs = await db.selectFrom('task_sync_jobs').select(['status', 'last_error', 'worker_id']).execute();
    expect(jobs.filter((j) => j.status !== 'completed' && j.status !== 'skipped')).toEqual([]);
    expect(new Set(jobs.map((j) => j.worker_id)).size).toBeGreaterThan(1);
    const stats = await emulator.control.stats();
    for (const u of users) {
      expect(stats.maxInFlightByMailbox[u.mailboxId] ?? 0).toBeLessThanOrEqual(4);
      expect(stats.throttledByMailbox[u.mailboxId] ?? 0).toBe(0);
    }

    for (const u of users) {
      const tasks = await db.selectFrom('tasks').selectAll().where('user_id', '=', u.userId).execute();
      for (const task of tasks) {
        const copies = await remoteCopies(emulator, u.mailboxId, task.id);
        if (task.deleted_at) {
          expect(copies).toEqual([]);
          continue;
        }
        const listId = task.project_id
          ? (await db.selectFrom('project_outlook_lists').select('graph_list_id').where('project_id', '=', task.project_id).executeTakeFirstOrThrow()).graph_list_id
          : u.inboxListId;
        expect(copies.map((c) => [c.listId, c.title, c.status])).toEqual([[listId, task.title, task.completed ? 'completed' : 'notStarted']]);
      }
    }
  });
});
