/**
 * Runs one claimed job through its handler and records how it ended. Whatever the
 * handler returns or throws becomes exactly one lease-guarded write (a throttle also
 * pauses the user's mailbox); a thrown error's type decides retry, throttle or fail
 * (src/sync/retry-policy.ts).
 */
import type { Logger } from 'pino';
import type { Clock } from '../config/clock';
import type { Db } from '../db/client';
import {
  completeJob,
  failJob,
  markConnectionNeedsReconnect,
  pauseMailbox,
  rescheduleJob,
  skipJob,
} from '../db/jobs-repository';
import { logger } from '../observability/logger';
import { recordJobOutcome } from '../observability/metrics';
import { decideRetry } from '../sync/retry-policy';
import { classifyJobError } from './classify-job-error';
import { NoHandlerError } from './errors';
import type { ClaimedJob, JobContext, JobHandlers, JobOutcome } from './types';

/** What happened to the job: the four summary buckets, or 'lost' when its lease was taken. */
export type RunResult = 'succeeded' | 'failed' | 'deferred' | 'skipped' | 'lost';

export interface RunJobOptions {
  db: Db;
  workerId: string;
  handlers: JobHandlers;
  /** The job's signal, or where to get it (made on first use: most jobs never ask). */
  signal: AbortSignal | (() => AbortSignal);
  deadline: Date;
  random: () => number;
  /** The queue's clock: every time the job's row gets (decision 0049). */
  clock: Clock;
  /**
   * Records a completion (default: completeJob at once). The worker loop passes a
   * buffer that writes a batch's completions in one statement (completeJobs).
   */
  recordCompletion?: (holder: { jobId: string; workerId: string }, result: Record<string, unknown> | undefined) => Promise<boolean>;
}

export async function runJob(job: ClaimedJob, options: RunJobOptions): Promise<RunResult> {
  // The child logger is made on first use (pino's child redacts its bindings: too dear
  // to make for every job when nothing logs at the enabled level).
  let log: Logger | undefined;
  const jobLog = () => (log ??= logger().child({ jobId: job.id, userId: job.user_id, action: job.action, workerId: options.workerId }));
  const signal = options.signal;
  const context: JobContext = {
    db: options.db,
    workerId: options.workerId,
    deadline: options.deadline,
    get signal() {
      return typeof signal === 'function' ? signal() : signal;
    },
    get log() {
      return jobLog();
    },
  };
  const startedAt = performance.now();
  let result: RunResult;
  let detail: Record<string, unknown> = {};
  try {
    const handler = options.handlers[job.action];
    if (!handler) throw new NoHandlerError(job.action);
    const outcome = await handler(job, context);
    ({ result, detail } = await recordOutcome(job, outcome, options));
  } catch (error) {
    ({ result, detail } = await recordError(job, error, options));
  }
  const durationMs = Math.round(performance.now() - startedAt);
  const level = result === 'failed' || result === 'lost' ? 'warn' : 'info';
  if (logger().isLevelEnabled(level)) jobLog()[level]({ status: result, durationMs, attempts: job.attempts, ...detail }, `sync job ${result}`);
  if (result !== 'lost') recordJobOutcome(job.action, result, durationMs);
  return result;
}

type Recorded = { result: RunResult; detail: Record<string, unknown> };

const lostUnless = (ok: boolean, result: RunResult): RunResult => (ok ? result : 'lost');

async function recordOutcome(job: ClaimedJob, outcome: JobOutcome, o: RunJobOptions): Promise<Recorded> {
  const holder = { jobId: job.id, workerId: o.workerId };
  switch (outcome.status) {
    case 'completed':
      return {
        result: lostUnless(
          await (o.recordCompletion ? o.recordCompletion(holder, outcome.result) : completeJob(o.db, { ...holder, result: outcome.result, now: o.clock.now() })),
          'succeeded',
        ),
        detail: {},
      };
    case 'skipped':
      return { result: lostUnless(await skipJob(o.db, { ...holder, reason: outcome.reason, now: o.clock.now() }), 'skipped'), detail: { reason: outcome.reason } };
    case 'deferred':
      return {
        result: lostUnless(await rescheduleJob(o.db, { ...holder, until: outcome.until, now: o.clock.now() }), 'deferred'),
        detail: { reason: outcome.reason, until: outcome.until.toISOString() },
      };
    case 'failed': {
      const code = outcome.code ?? 'job_failed';
      return { result: lostUnless(await failJob(o.db, { ...holder, error: outcome.error, code }), 'failed'), detail: { code, error: outcome.error } };
    }
  }
}

async function recordError(job: ClaimedJob, error: unknown, o: RunJobOptions): Promise<Recorded> {
  const holder = { jobId: job.id, workerId: o.workerId };
  const decision = decideRetry(
    classifyJobError(error),
    { attempts: job.attempts, maxAttempts: job.max_attempts, throttles: job.throttle_count },
    o.random,
  );
  switch (decision.action) {
    case 'retry': {
      const ok = await rescheduleJob(o.db, { ...holder, delayMs: decision.delayMs, error: decision.message, code: decision.code, now: o.clock.now() });
      return { result: lostUnless(ok, 'deferred'), detail: { code: decision.code, delayMs: decision.delayMs, error: decision.message } };
    }
    case 'throttle': {
      // The mailbox waits, not just this job: the claim skips the user until then.
      const now = o.clock.now();
      await pauseMailbox(o.db, { userId: job.user_id, delayMs: decision.delayMs, now });
      const ok = await rescheduleJob(o.db, { ...holder, delayMs: decision.delayMs, throttled: true, error: decision.message, code: decision.code, now });
      return { result: lostUnless(ok, 'deferred'), detail: { code: decision.code, delayMs: decision.delayMs, throttled: true, throttles: job.throttle_count + 1 } };
    }
    case 'fail': {
      const ok = await failJob(o.db, { ...holder, error: decision.message, code: decision.code });
      return { result: lostUnless(ok, 'failed'), detail: { code: decision.code, error: decision.message } };
    }
    case 'pause_user': {
      const now = o.clock.now();
      await markConnectionNeedsReconnect(o.db, { userId: job.user_id, reason: decision.reason, now });
      const ok = await rescheduleJob(o.db, { ...holder, refundAttempt: true, error: decision.message, code: 'needs_reconnect', now });
      return { result: lostUnless(ok, 'deferred'), detail: { code: 'needs_reconnect', reason: decision.reason } };
    }
  }
}
