/**
 * processTaskSyncJobs (guide §6.3–6.4): the worker loop behind /sync, the in-process
 * runner and `npm run worker`.
 *
 * Claims due jobs through claim_task_sync_jobs (which already orders interactive
 * before bulk, round-robins between users, keeps each user on one worker at a time
 * and hands out one job per task at a time), then runs up to `userConcurrency` users
 * at once. Inside a user, up to MAILBOX_JOBS_IN_FLIGHT (4, Graph's concurrent requests
 * per mailbox) jobs of different tasks run at once; a job not tied to one task
 * (full_sync, project_sync, project_delete) runs alone, after the ones before it and
 * before the ones after it. Leases are kept alive while jobs run; completions are
 * written together, one statement per batch (or sooner when the batch runs long).
 * Within the time budget it stops claiming early and hands jobs it never started back
 * to pending without counting the attempt. When a job of a user ends with the user's
 * mailbox throttled (outlook_connections.throttled_until, set by a throttled job or by
 * the bulk push), the user's remaining claimed jobs are handed back unstarted too: the
 * claim skips the user until the pause is over.
 * Every time written to a job (completion, hand-back, lease, pause) is the `clock`'s
 * (decision 0049); the time budget is measured on the process clock.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { systemClock, type Clock } from '../config/clock';
import type { Db } from '../db/client';
import { claimTaskSyncJobs, completeJob, completeJobs, countRemainingJobs, isMailboxThrottled, rescheduleJob } from '../db/jobs-repository';
import { MAX_IN_FLIGHT_PER_MAILBOX } from '../graph/mailbox-limiter';
import { logger } from '../observability/logger';
import { defaultJobHandlers } from './handlers';
import { LeaseHeartbeat } from './lease-heartbeat';
import { runJob, type RunResult } from './run-job';
import type { ClaimedJob, JobHandlers, ProcessSummary } from './types';

export const DEFAULT_SYNC_LIMIT = 25;
export const MAX_CLAIM_BATCH = 100;
/**
 * Jobs claimed per lane and batch (and never fewer than one mailbox's share, so a lone
 * user's jobs can run 4 at once). Small batches keep users spread over workers (a
 * claimed user stays with its worker until the batch ends) at the cost of a claim
 * round-trip per batch.
 */
const CLAIM_BATCH_PER_LANE = 2;
export const DEFAULT_USER_CONCURRENCY = 4;
/** Jobs of one user running at once in a worker (different tasks): Graph's 4 concurrent requests per mailbox. */
export const MAILBOX_JOBS_IN_FLIGHT = MAX_IN_FLIGHT_PER_MAILBOX;
/** Completions wait at most this long for the rest of their batch before they are written. */
const COMPLETION_FLUSH_MS = 25;
export const DEFAULT_LEASE_SECONDS = 120;
export const DEFAULT_TIME_BUDGET_MS = 45_000;
/** Stop claiming when less than this share of the budget (at most 5 s) is left. */
const CLAIM_CUTOFF_SHARE = 0.25;
const CLAIM_CUTOFF_MAX_MS = 5_000;

export interface ProcessOptions {
  db: Db;
  /** Unique per worker; defaults to host:pid:random. */
  workerId?: string;
  /** Most jobs to claim in this run (x-sync-limit). */
  limit?: number;
  /** Users whose jobs run at once in this worker. */
  userConcurrency?: number;
  leaseSeconds?: number;
  /** Wall-clock budget for the run; keep it under the route's maxDuration. */
  timeBudgetMs?: number;
  handlers?: JobHandlers;
  /** Jitter source for backoff (tests pin it). */
  random?: () => number;
  /** Aborting stops claiming and hands unstarted jobs back (worker shutdown). */
  signal?: AbortSignal;
  /** The queue's clock (tests set it); the process clock by default. */
  clock?: Clock;
}

export function newWorkerId(prefix = 'worker'): string {
  return `${prefix}:${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

export async function processTaskSyncJobs(options: ProcessOptions): Promise<ProcessSummary> {
  const run = resolveRun(options);
  const counts: Record<RunResult, number> = { succeeded: 0, failed: 0, deferred: 0, skipped: 0, lost: 0 };
  let claimed = 0;
  while (claimed < run.limit && run.mayClaim()) {
    const jobs = await claimTaskSyncJobs(run.db, {
      workerId: run.workerId,
      limit: Math.min(MAX_CLAIM_BATCH, Math.max(MAILBOX_JOBS_IN_FLIGHT, run.userConcurrency * CLAIM_BATCH_PER_LANE), run.limit - claimed),
      leaseSeconds: run.leaseSeconds,
    });
    if (jobs.length === 0) break;
    claimed += jobs.length;
    for (const [result, n] of await runBatch(jobs, run)) counts[result] += n;
  }
  const processed = counts.succeeded + counts.failed + counts.deferred + counts.skipped;
  return { processed, ...pick(counts), remaining: await countRemainingJobs(run.db, run.clock.now()) };
}

const pick = ({ succeeded, failed, deferred, skipped }: Record<RunResult, number>) => ({ succeeded, failed, deferred, skipped });

type Run = ReturnType<typeof resolveRun>;

function resolveRun(options: ProcessOptions) {
  const budgetMs = options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  const startedAt = Date.now();
  const deadline = new Date(startedAt + budgetMs);
  const claimCutoff = deadline.getTime() - Math.min(CLAIM_CUTOFF_MAX_MS, budgetMs * CLAIM_CUTOFF_SHARE);
  const signal = options.signal;
  return {
    db: options.db,
    workerId: options.workerId ?? newWorkerId(),
    limit: Math.max(0, Math.floor(options.limit ?? DEFAULT_SYNC_LIMIT)),
    userConcurrency: Math.max(1, options.userConcurrency ?? DEFAULT_USER_CONCURRENCY),
    leaseSeconds: Math.max(1, Math.round(options.leaseSeconds ?? DEFAULT_LEASE_SECONDS)),
    handlers: options.handlers ?? defaultJobHandlers,
    random: options.random ?? Math.random,
    clock: options.clock ?? systemClock,
    signal,
    deadline,
    mayClaim: () => !signal?.aborted && Date.now() < claimCutoff,
    mayStart: () => !signal?.aborted && Date.now() < deadline.getTime(),
  };
}

/** Runs one claimed batch: users in parallel lanes, inside a user up to 4 jobs of different tasks at once. */
async function runBatch(jobs: ClaimedJob[], run: Run): Promise<Map<RunResult, number>> {
  const counts = new Map<RunResult, number>();
  const heartbeat = new LeaseHeartbeat(run.db, run.workerId, run.leaseSeconds, run.clock);
  const completions = new CompletionBuffer(run.db, run.workerId, run.clock);
  heartbeat.hold(
    jobs.map((j) => j.id),
    run.signal,
  );
  try {
    await runLanes(groupByUser(jobs), run.userConcurrency, async (job, mayBeThrottled) => {
      const result = await startOrHandBack(job, { ...run, completions, heartbeat }, mayBeThrottled);
      heartbeat.release(job.id);
      if (result) counts.set(result, (counts.get(result) ?? 0) + 1);
      return result;
    });
  } finally {
    await completions.flush();
    heartbeat.stop();
  }
  return counts;
}

/**
 * Runs the job, or hands it back unstarted when the run is out of time or (after an
 * earlier job of the same user in this batch ended in a way that may have paused it)
 * the user's mailbox is throttled.
 */
async function startOrHandBack(
  job: ClaimedJob,
  run: Run & { completions: CompletionBuffer; heartbeat: LeaseHeartbeat },
  mayBeThrottled: boolean,
): Promise<RunResult | undefined> {
  try {
    if (!run.mayStart() || (mayBeThrottled && (await isMailboxThrottled(run.db, job.user_id, run.clock.now())))) return await handBack(job, run);
    // A job whose lease was lost (or whose run is stopping) writes its completion at once,
    // so its result says whether it still held the job.
    const recordCompletion = (holder: { jobId: string; workerId: string }, result: Record<string, unknown> | undefined) =>
      run.heartbeat.isAborted(job.id) ? completeJob(run.db, { ...holder, result, now: run.clock.now() }) : run.completions.add(holder.jobId, result);
    return await runJob(job, { ...run, signal: () => run.heartbeat.signal(job.id), recordCompletion });
  } catch (error) {
    // The outcome could not be written (database down?): the lease expires and
    // another run picks the job up again.
    logger().error({ err: error, jobId: job.id, workerId: run.workerId }, 'could not record sync job outcome');
    return undefined;
  }
}

/** A claimed job the run did not start (no time left, mailbox throttled): back to pending, attempt not counted. */
async function handBack(job: ClaimedJob, run: Run): Promise<undefined> {
  await rescheduleJob(run.db, { jobId: job.id, workerId: run.workerId, refundAttempt: true, now: run.clock.now() });
  return undefined;
}

/**
 * Completed jobs of a batch, written in one statement when the batch ends or
 * COMPLETION_FLUSH_MS after the first one, whichever is sooner. A job is marked
 * succeeded when its handler returns; one no longer held when the write happens (its
 * lease was taken over) is logged as lost. A crash before the write re-runs the job
 * after its lease (every handler is idempotent, as a lease expiry already requires).
 */
class CompletionBuffer {
  private pending: { jobId: string; result?: Record<string, unknown> }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly workerId: string,
    private readonly clock: Clock,
  ) {}

  async add(jobId: string, result: Record<string, unknown> | undefined): Promise<boolean> {
    this.pending.push({ jobId, result });
    this.timer ??= setTimeout(() => void this.flush(), COMPLETION_FLUSH_MS);
    return true;
  }

  /** Writes what is buffered; resolves when every earlier write is done too. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const jobs = this.pending;
    this.pending = [];
    this.writing = this.writing.then(() => (jobs.length > 0 ? this.write(jobs) : undefined));
    return this.writing;
  }

  private async write(jobs: { jobId: string; result?: Record<string, unknown> }[]): Promise<void> {
    try {
      const done = new Set(await completeJobs(this.db, { workerId: this.workerId, jobs, now: this.clock.now() }));
      for (const { jobId } of jobs) {
        if (!done.has(jobId)) logger().warn({ jobId, workerId: this.workerId }, 'sync job lost: its lease was taken over before its completion was written');
      }
    } catch (error) {
      // The leases expire and the jobs run again (handlers are idempotent).
      logger().error({ err: error, workerId: this.workerId, jobs: jobs.length }, 'could not record sync job completions');
    }
  }
}

function groupByUser(jobs: ClaimedJob[]): ClaimedJob[][] {
  const lanes = new Map<string, ClaimedJob[]>();
  for (const job of jobs) {
    const lane = lanes.get(job.user_id) ?? [];
    lane.push(job);
    lanes.set(job.user_id, lane);
  }
  return [...lanes.values()];
}

type LaneWork = (job: ClaimedJob, mayBeThrottled: boolean) => Promise<RunResult | undefined>;

/** `concurrency` users at once, each through runUserLane. */
async function runLanes(lanes: ClaimedJob[][], concurrency: number, work: LaneWork): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(concurrency, lanes.length) }, async () => {
    while (next < lanes.length) await runUserLane(lanes[next++], work);
  });
  await Promise.all(runners);
}

/**
 * One user's claimed jobs, in claim order: up to MAILBOX_JOBS_IN_FLIGHT jobs of different
 * tasks at once (the claim never hands out two jobs of one task together; a repeat task
 * here waits anyway); a job without a task runs alone. After a job that may have paused
 * the mailbox (it was deferred, ran alone, or its outcome is unknown), the next one
 * first checks the pause.
 */
export async function runUserLane(lane: ClaimedJob[], work: LaneWork): Promise<void> {
  const running = new Map<Promise<void>, string | null>();
  let mayBeThrottled = false;
  const start = (job: ClaimedJob) => {
    const check = mayBeThrottled;
    mayBeThrottled = false;
    const done: Promise<void> = work(job, check).then((result) => {
      running.delete(done);
      if (result !== 'succeeded' && result !== 'skipped') mayBeThrottled = true;
      if (job.task_id === null) mayBeThrottled = true;
    });
    running.set(done, job.task_id);
    return done;
  };
  for (const job of lane) {
    const alone = job.task_id === null;
    const busyTask = () => [...running.values()].includes(job.task_id);
    while (running.size > 0 && (alone || running.size >= MAILBOX_JOBS_IN_FLIGHT || busyTask())) await Promise.race(running.keys());
    const done = start(job);
    if (alone) await done;
  }
  await Promise.all(running.keys());
}
