/**
 * Leases: a crashed worker's job is finished by another, only the lease holder
 * may end a job, long jobs keep their lease alive, a run hands back what it had
 * no time to start, and an update handed back absorbs a newer pending update.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { claimTaskSyncJobs, completeJob, failJob, rescheduleJob } from '../../src/db/jobs-repository';
import { GraphError } from '../../src/graph/errors';
import { processTaskSyncJobs } from '../../src/jobs/process-task-sync-jobs';
import { enqueueTaskSyncJob } from '../../src/jobs/queue';
import { completed, type JobHandler } from '../../src/jobs/types';
import { POSTGRES_SKIP_REASON, testEngines } from '../helpers/db';
import { useDatabasePerTest } from '../helpers/fresh-db';
import { connectUser, enqueue, handleAll, readJob, sleep } from '../helpers/queue';

const succeed: JobHandler = async (job, ctx) => completed({ by: ctx.workerId, job: job.id });

describe.each(testEngines())('job leases on %s', (engine) => {
  const t = useDatabasePerTest(engine);

  it('a worker killed mid-job loses the job when its lease expires, and another worker finishes it', async () => {
    await connectUser(t.db, 'u1');
    const job = await enqueue(t.db, { userId: 'u1', taskId: crypto.randomUUID() });
    const [claimed] = await claimTaskSyncJobs(t.db, { workerId: 'doomed', limit: 1, leaseSeconds: 1 });
    expect(claimed.id).toBe(job.id);
    // The worker dies here; wait out its one-second lease.
    await sleep(1200);

    const summary = await processTaskSyncJobs({ db: t.db, workerId: 'rescuer', handlers: handleAll(succeed) });
    expect(summary).toMatchObject({ processed: 1, succeeded: 1, remaining: 0 });
    const row = await readJob(t.db, job.id);
    expect(row).toMatchObject({ status: 'completed', worker_id: 'rescuer', attempts: 2 });
    expect(row.result).toEqual({ by: 'rescuer', job: job.id });

    // The doomed worker comes back to life: it may no longer touch the job.
    expect(await completeJob(t.db, { jobId: job.id, workerId: 'doomed', result: { by: 'doomed' }, now: new Date() })).toBe(false);
    expect(await failJob(t.db, { jobId: job.id, workerId: 'doomed', error: 'late' })).toBe(false);
    expect((await readJob(t.db, job.id)).result).toEqual({ by: 'rescuer', job: job.id });
  });

  it('only the worker holding the lease may complete, fail or defer its job', async () => {
    await connectUser(t.db, 'u1');
    const job = await enqueue(t.db, { userId: 'u1', taskId: crypto.randomUUID() });
    await claimTaskSyncJobs(t.db, { workerId: 'holder', limit: 1, leaseSeconds: 60 });
    const intruder = { jobId: job.id, workerId: 'intruder', now: new Date() };
    expect(await completeJob(t.db, intruder)).toBe(false);
    expect(await failJob(t.db, { ...intruder, error: 'x' })).toBe(false);
    expect(await rescheduleJob(t.db, { ...intruder, delayMs: 1000 })).toBe(false);
    expect(await readJob(t.db, job.id)).toMatchObject({ status: 'processing', worker_id: 'holder' });
    expect(await completeJob(t.db, { jobId: job.id, workerId: 'holder', now: new Date() })).toBe(true);
    expect((await readJob(t.db, job.id)).status).toBe('completed');
  });

  it('a long job keeps its lease alive, so no other worker takes it meanwhile', async () => {
    await connectUser(t.db, 'u1');
    const job = await enqueue(t.db, { userId: 'u1', taskId: crypto.randomUUID() });
    const slow: JobHandler = async () => {
      await sleep(2500);
      return completed();
    };
    const run = processTaskSyncJobs({ db: t.db, workerId: 'slow', leaseSeconds: 1, handlers: handleAll(slow) });
    const stolen: string[] = [];
    for (let i = 0; i < 8; i++) {
      await sleep(300);
      const got = await claimTaskSyncJobs(t.db, { workerId: 'thief', limit: 5, leaseSeconds: 1 });
      stolen.push(...got.map((j) => j.id));
    }
    expect(await run).toMatchObject({ succeeded: 1 });
    expect(stolen).toEqual([]);
    expect(await readJob(t.db, job.id)).toMatchObject({ status: 'completed', worker_id: 'slow', attempts: 1 });
  });

  it('a worker that lost its lease is told (signal aborted) and cannot overwrite the new holder', async () => {
    await connectUser(t.db, 'u1');
    const job = await enqueue(t.db, { userId: 'u1', taskId: crypto.randomUUID() });
    let sawAbort = false;
    const waitsForAbort: JobHandler = async (_job, ctx) => {
      await new Promise<void>((resolve) => {
        ctx.signal.addEventListener('abort', () => resolve(), { once: true });
        setTimeout(resolve, 10_000);
      });
      sawAbort = ctx.signal.aborted;
      return completed({ by: 'first' });
    };
    const run = processTaskSyncJobs({ db: t.db, workerId: 'first', leaseSeconds: 1, handlers: handleAll(waitsForAbort) });
    await sleep(200);
    // Another worker takes the job over (as after an expired lease).
    await t.db
      .updateTable('task_sync_jobs')
      .set({ worker_id: 'second', locked_until: sql`now() + interval '1 minute'` })
      .where('id', '=', job.id as never)
      .execute();
    const summary = await run;
    expect(sawAbort).toBe(true);
    expect(summary.processed).toBe(0);
    expect(await readJob(t.db, job.id)).toMatchObject({ status: 'processing', worker_id: 'second', result: null });
  });

  it('at the end of its time budget a run hands unstarted jobs back without counting the attempt', async () => {
    // Six jobs of one user, different tasks: four start at once (one mailbox's share), the
    // other two would start after the budget ends.
    await connectUser(t.db, 'u1');
    const jobs = [];
    for (let i = 0; i < 6; i++) jobs.push(await enqueue(t.db, { userId: 'u1', taskId: crypto.randomUUID() }));
    const slow: JobHandler = async () => {
      await sleep(600);
      return completed();
    };
    const summary = await processTaskSyncJobs({ db: t.db, handlers: handleAll(slow), timeBudgetMs: 300, userConcurrency: 1 });
    expect(summary).toMatchObject({ processed: 4, succeeded: 4, remaining: 2 });
    for (const job of jobs.slice(0, 4)) expect((await readJob(t.db, job.id)).status).toBe('completed');
    for (const job of jobs.slice(4)) {
      expect(await readJob(t.db, job.id)).toMatchObject({ status: 'pending', attempts: 0, worker_id: null });
    }
  });

  it('an update handed back for a retry absorbs a newer pending update of the same task', async () => {
    await connectUser(t.db, 'u1');
    const taskId = crypto.randomUUID();
    const first = await enqueue(t.db, { userId: 'u1', action: 'update', taskId });
    let newerId = '';
    const throttledAfterEdit: JobHandler = async (job) => {
      // The user edits the task again while the first update is in flight.
      const r = await enqueueTaskSyncJob(t.db, { userId: 'u1', action: 'update', taskId, payload: { fields: ['title'] } });
      if (r.status !== 'enqueued') throw new Error('expected a new pending update');
      newerId = r.job.id;
      expect(job.id).toBe(first.id);
      throw new GraphError(429, 'TooManyRequests', 'slow down', { retryAfterMs: 60_000 });
    };
    expect(await processTaskSyncJobs({ db: t.db, handlers: handleAll(throttledAfterEdit), limit: 1 })).toMatchObject({ deferred: 1 });
    const kept = await readJob(t.db, first.id);
    expect(kept).toMatchObject({ status: 'pending', payload: { fields: ['title'] } });
    expect(await readJob(t.db, newerId)).toMatchObject({ status: 'skipped', result: { skipped: 'coalesced', into: first.id } });
    const active = await t.db.selectFrom('task_sync_jobs').select('id').where('task_id', '=', taskId).where('status', '=', 'pending').execute();
    expect(active.map((r) => r.id)).toEqual([first.id]);
  });
});

describe.skipIf(POSTGRES_SKIP_REASON)(`a worker process killed mid-job${POSTGRES_SKIP_REASON ? ` (skipped: ${POSTGRES_SKIP_REASON})` : ''}`, () => {
  const t = useDatabasePerTest('postgres');

  it('loses the job when its lease expires, and another worker finishes it', async () => {
    await connectUser(t.db, 'u1');
    const job = await enqueue(t.db, { userId: 'u1', taskId: crypto.randomUUID() });
    const script = path.resolve(import.meta.dirname, '../helpers/hanging-worker.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', script, t.url!, 'doomed'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (d: Buffer) => d.toString().includes(`started ${job.id}`) && resolve());
        child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
      });
      expect(await readJob(t.db, job.id)).toMatchObject({ status: 'processing', worker_id: 'doomed' });
    } finally {
      child.kill('SIGKILL');
      await exited;
    }

    // Until the dead worker's lease runs out nobody may take the job; then the rescuer does.
    let summary = await processTaskSyncJobs({ db: t.db, workerId: 'rescuer', handlers: handleAll(succeed) });
    for (let i = 0; i < 100 && summary.succeeded === 0; i++) {
      await sleep(100);
      summary = await processTaskSyncJobs({ db: t.db, workerId: 'rescuer', handlers: handleAll(succeed) });
    }
    expect(summary.succeeded).toBe(1);
    expect(await readJob(t.db, job.id)).toMatchObject({ status: 'completed', worker_id: 'rescuer', attempts: 2 });
  });
});
