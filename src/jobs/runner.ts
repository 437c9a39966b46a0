/**
 * The near-real-time queue runner (issue 6 §7), used by `npm start` (in the Next
 * server, see src/server/boot.ts) and `npm run worker`. On Vercel the cron drives
 * /sync instead.
 *
 * It drains the queue as soon as a job is enqueued (the insert trigger NOTIFYs
 * 'task_sync_jobs': LISTEN on Postgres, an in-process notification on PGlite),
 * wakes again when the next deferred job comes due, and also polls. Each poll tick
 * enqueues the periodic safety-net full_syncs and runs the upkeep its owner hands it
 * (boot.ts and worker-cli.ts: the subscriptions of linked lists). Several runners in several
 * processes share one Postgres safely: claims are atomic and leased.
 */
import { systemClock, type Clock } from '../config/clock';
import type { Database, Db } from '../db/client';
import { nextPendingJobDueAt } from '../db/jobs-repository';
import { logger } from '../observability/logger';
import { runQueueUpkeep } from './queue-upkeep';
import { newWorkerId, processTaskSyncJobs } from './process-task-sync-jobs';
import type { JobHandlers } from './types';

export const DEFAULT_POLL_INTERVAL_MS = 5_000;
const RUN_LIMIT = 100;
const RUN_BUDGET_MS = 60_000;

export interface RunnerOptions {
  database: Database;
  workerId?: string;
  pollIntervalMs?: number;
  handlers?: JobHandlers;
  userConcurrency?: number;
  /** Safety-net full_sync interval (OUTLOOK_FULL_SYNC_INTERVAL_MIN); undefined = none. */
  fullSyncIntervalMin?: number;
  /** Its interval for users whose subscriptions work (OUTLOOK_FULL_SYNC_HEALTHY_INTERVAL_MIN); default 360. */
  healthyFullSyncIntervalMin?: number;
  /** Days finished jobs are kept (OUTLOOK_JOB_RETENTION_DAYS); undefined or 0 = for ever. */
  jobRetentionDays?: number;
  /**
   * More upkeep for each tick, from the layer above (the queue knows no Graph): e.g.
   * creating and renewing list subscriptions. A failure is logged; the next tick retries.
   */
  tickUpkeep?: () => Promise<unknown>;
  /** The queue's clock (decision 0049); the process clock by default. */
  clock?: Clock;
}

export interface QueueRunner {
  readonly workerId: string;
  /** Drain now (what a NOTIFY does). */
  wake(): void;
  /** Stops claiming, hands unstarted jobs back, waits for running ones. */
  stop(): Promise<void>;
}

export async function startQueueRunner(options: RunnerOptions): Promise<QueueRunner> {
  const runner = new Runner(options);
  await runner.start();
  return runner;
}

class Runner implements QueueRunner {
  readonly workerId: string;
  private readonly stopping = new AbortController();
  private readonly pollIntervalMs: number;
  private readonly log;
  private unlisten: (() => Promise<void>) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private wanted = false;
  private lastUpkeepAt = 0;
  private readonly clock: Clock;

  constructor(private readonly options: RunnerOptions) {
    this.workerId = options.workerId ?? newWorkerId('runner');
    this.clock = options.clock ?? systemClock;
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.log = logger().child({ workerId: this.workerId });
  }

  async start(): Promise<void> {
    this.unlisten = await this.options.database.listen('task_sync_jobs', () => this.wake());
    this.log.info({ pollIntervalMs: this.pollIntervalMs }, 'queue runner started');
    this.wake();
  }

  wake(): void {
    if (this.stopping.signal.aborted) return;
    this.wanted = true;
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
      if (this.wanted) this.wake();
      else this.scheduleNextTick();
    });
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    if (this.timer) clearTimeout(this.timer);
    await this.unlisten?.();
    await this.draining;
    this.log.info('queue runner stopped');
  }

  private async drain(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    try {
      await this.upkeepIfDue();
      while (this.wanted && !this.stopping.signal.aborted) {
        this.wanted = false;
        const summary = await processTaskSyncJobs({
          db: this.options.database.db,
          workerId: this.workerId,
          handlers: this.options.handlers,
          userConcurrency: this.options.userConcurrency,
          limit: RUN_LIMIT,
          timeBudgetMs: RUN_BUDGET_MS,
          signal: this.stopping.signal,
          clock: this.clock,
        });
        if (summary.processed > 0) this.wanted = true;
      }
    } catch (error) {
      this.log.error({ err: error }, 'queue runner tick failed; retrying at the next poll');
    }
  }

  /** Queue housekeeping (safety-net full_syncs, retention), at most once per poll interval. */
  private async upkeepIfDue(): Promise<void> {
    if (Date.now() - this.lastUpkeepAt < this.pollIntervalMs) return;
    this.lastUpkeepAt = Date.now();
    const done = await runQueueUpkeep(this.options.database.db, {
      fullSyncIntervalMin: this.options.fullSyncIntervalMin,
      healthyFullSyncIntervalMin: this.options.healthyFullSyncIntervalMin,
      jobRetentionDays: this.options.jobRetentionDays,
      clock: this.clock,
    });
    if (done.periodicFullSyncs > 0 || done.purgedJobs > 0) this.log.info({ ...done }, 'queue upkeep');
    await this.options.tickUpkeep?.().catch((error: unknown) => this.log.warn({ err: error }, 'tick upkeep failed; retrying at the next tick'));
  }

  /** Next wake-up: the poll interval, or sooner when a deferred job comes due. */
  private scheduleNextTick(): void {
    if (this.stopping.signal.aborted) return;
    void msUntilNextJobDue(this.options.database.db, this.clock)
      .catch(() => null)
      .then((msUntilDue) => {
        if (this.stopping.signal.aborted || this.draining) return;
        const untilDue = msUntilDue === null ? Infinity : dueDelayMs(msUntilDue);
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => this.wake(), Math.min(this.pollIntervalMs, untilDue));
        this.timer.unref?.();
      });
  }
}

/**
 * How long until the next user's work comes due on `clock` (nextPendingJobDueAt): ≤ 0 when
 * it is due already, null when nothing waits.
 */
export async function msUntilNextJobDue(db: Db, clock: Clock): Promise<number | null> {
  const due = await nextPendingJobDueAt(db);
  return due ? due.getTime() - clock.now().getTime() : null;
}

/** A job due in the future: wake at its time; one due already but unclaimed: look again soon. */
export const ALREADY_DUE_RETRY_MS = 250;
function dueDelayMs(msUntilDue: number): number {
  return msUntilDue > 0 ? Math.max(50, msUntilDue) : ALREADY_DUE_RETRY_MS;
}
