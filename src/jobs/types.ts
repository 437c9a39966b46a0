/**
 * The contract between the worker loop (processTaskSyncJobs) and the per-action
 * job handlers (create, update, delete, full_sync, project_*), which live in
 * their own files and are listed in ./handlers.ts.
 */
import type { Logger } from 'pino';
import type { Db } from '../db/client';
import type { JobAction, TaskSyncJob } from '../db/schema';

/**
 * A To Do copy of a task that another copy has replaced (a pull found the task moved or
 * brought back while this one may still answer): an update job's payload names it, and
 * the job deletes it unless it is the copy the sync state maps by then.
 */
export interface StaleCopy {
  graphTaskId: string;
  graphListId: string;
}

/** A job as claimed by this worker: status 'processing', attempts already counted. */
export type ClaimedJob = TaskSyncJob;

export interface JobContext {
  /** Service connection (no RLS scope): the worker acts for every user. */
  db: Db;
  /** This worker's id; it holds the job's lease. */
  workerId: string;
  /** Aborted when the lease is lost (another worker took the job) or the worker stops. */
  signal: AbortSignal;
  /** Finish before this instant if you can (the run's time budget). */
  deadline: Date;
  /** Child logger carrying jobId, userId and action. */
  log: Logger;
}

/**
 * How a job ended. Throwing is also fine: the error's type decides retry vs
 * fail (src/sync/retry-policy.ts), e.g. a GraphError 429 defers the job.
 */
export type JobOutcome =
  | { status: 'completed'; result?: Record<string, unknown> }
  /** Nothing to do (closed project, task gone, superseded); not a failure. */
  | { status: 'skipped'; reason: string }
  /** Run again at `until`, e.g. waiting for something else; counts as an attempt. */
  | { status: 'deferred'; until: Date; reason: string }
  /** Give up now; `code` lands in last_error_code. */
  | { status: 'failed'; error: string; code?: string };

export type JobHandler = (job: ClaimedJob, context: JobContext) => Promise<JobOutcome>;

export type JobHandlers = Partial<Record<JobAction, JobHandler>>;

export const completed = (result?: Record<string, unknown>): JobOutcome => ({ status: 'completed', result });
export const skipped = (reason: string): JobOutcome => ({ status: 'skipped', reason });
export const deferred = (until: Date, reason: string): JobOutcome => ({ status: 'deferred', until, reason });
export const failed = (error: string, code?: string): JobOutcome => ({ status: 'failed', error, code });

/** What one processTaskSyncJobs run did. */
export interface ProcessSummary {
  processed: number;
  succeeded: number;
  failed: number;
  deferred: number;
  skipped: number;
  /** Jobs still waiting (pending, deferred ones included, or with an expired lease). */
  remaining: number;
}
