/**
 * processTaskSyncJobs (guide §6.3–6.4): the worker loop behind /sync, the in-process
 * runner and `npm run worker`.
 *
 * Claims due jobs through claim_task_sync_jobs (which already orders interactive
 * before bulk, round-robins between users and keeps each user on one worker at a
 * time), then runs up to `userConcurrency` users at once, each user's jobs one
 * after another in claim order. Leases are kept alive while jobs run. Within the
 * time budget it stops claiming early and hands jobs it never started back to
 * pending without counting the attempt. When a job of a user ends with the user's
 * mailbox throttled (outlook_connections.throttled_until, set by a throttled job or
 * by the bulk push), the user's remaining claimed jobs are handed back unstarted too:
 * the claim skips the user until the pause is over.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../db/client';
import { claimTaskSyncJobs, countRemainingJobs, isMailboxThrottled, rescheduleJob } from '../db/jobs-repository';
import { logger } from '../observability/logger';
import { defaultJobHandlers } from './handlers';
import { LeaseHeartbeat } from './lease-heartbeat';
import { runJob, type RunResult } from './run-job';
import type { ClaimedJob, JobHandlers, ProcessSummary } from './types';

export const DEFAULT_SYNC_LIMIT = 25;
export const MAX_CLAIM_BATCH = 25;
/**
 * Jobs claimed per lane and batch. Small batches keep users spread over workers
 * (a claimed user stays with its worker until the batch ends) at the cost of a
 * claim round-trip per batch.
 */
const CLAIM_BATCH_PER_LANE = 2;
export const DEFAULT_USER_CONCURRENCY = 4;
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
      limit: Math.min(MAX_CLAIM_BATCH, run.userConcurrency * CLAIM_BATCH_PER_LANE, run.limit - claimed),
      leaseSeconds: run.leaseSeconds,
    });
    if (jobs.length === 0) break;
    claimed += jobs.length;
    for (const [result, n] of await runBatch(jobs, run)) counts[result] += n;
  }
  const processed = counts.succeeded + counts.failed + counts.deferred + counts.skipped;
  return { processed, ...pick(counts), remaining: await countRemainingJobs(run.db) };
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
    signal,
    deadline,
    mayClaim: () => !signal?.aborted && Date.now() < claimCutoff,
    mayStart: () => !signal?.aborted && Date.now() < deadline.getTime(),
  };
}

/** Runs one claimed batch: users in parallel lanes, each user's jobs in order. */
async function runBatch(jobs: ClaimedJob[], run: Run): Promise<Map<RunResult, number>> {
  const counts = new Map<RunResult, number>();
  const heartbeat = new LeaseHeartbeat(run.db, run.workerId, run.leaseSeconds);
  const controllers = heartbeat.hold(
    jobs.map((j) => j.id),
    run.signal,
  );
  try {
    await runLanes(groupByUser(jobs), run.userConcurrency, async (job, indexInLane) => {
      const result = await startOrHandBack(job, run, controllers.get(job.id)!.signal, indexInLane > 0);
      heartbeat.release(job.id);
      if (result) counts.set(result, (counts.get(result) ?? 0) + 1);
    });
  } finally {
    heartbeat.stop();
  }
  return counts;
}

/**
 * Runs the job, or hands it back unstarted when the run is out of time or (after an
 * earlier job of the same user in this batch) the user's mailbox is throttled.
 */
async function startOrHandBack(job: ClaimedJob, run: Run, signal: AbortSignal, afterSibling: boolean): Promise<RunResult | undefined> {
  try {
    if (!run.mayStart() || (afterSibling && (await isMailboxThrottled(run.db, job.user_id)))) return await handBack(job, run);
    return await runJob(job, { ...run, signal });
  } catch (error) {
    // The outcome could not be written (database down?): the lease expires and
    // another run picks the job up again.
    logger().error({ err: error, jobId: job.id, workerId: run.workerId }, 'could not record sync job outcome');
    return undefined;
  }
}

/** A claimed job the run did not start (no time left, mailbox throttled): back to pending, attempt not counted. */
async function handBack(job: ClaimedJob, run: Run): Promise<undefined> {
  await rescheduleJob(run.db, { jobId: job.id, workerId: run.workerId, refundAttempt: true });
  return undefined;
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

async function runLanes<T>(lanes: T[][], concurrency: number, work: (item: T, indexInLane: number) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(concurrency, lanes.length) }, async () => {
    while (next < lanes.length) {
      const lane = lanes[next++];
      for (const [i, item] of lane.entries()) await work(item, i);
    }
  });
  await Promise.all(runners);
}
