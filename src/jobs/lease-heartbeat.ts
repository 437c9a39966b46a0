/**
 * Keeps the leases of the jobs a worker holds alive while it works on them, so a
 * long job is not reclaimed by another worker. A job found no longer held (its
 * lease expired and someone reclaimed it) has its AbortSignal aborted.
 *
 * One timer per batch, and a job's AbortController is made only when something asks
 * for its signal (a handler that passes it on to Graph): a no-op job costs a map entry.
 */
import type { Clock } from '../config/clock';
import type { Db } from '../db/client';
import { extendJobLeases } from '../db/jobs-repository';
import { logger } from '../observability/logger';

export class LeaseHeartbeat {
  /** Held jobs; the controller exists once the job's signal was asked for. */
  private readonly held = new Map<string, AbortController | undefined>();
  /** Jobs whose lease was found taken over. */
  private readonly lost = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private parent: AbortSignal | undefined;
  private readonly abortAll = () => {
    for (const controller of this.held.values()) controller?.abort(this.parent?.reason);
  };

  constructor(
    private readonly db: Db,
    private readonly workerId: string,
    private readonly leaseSeconds: number,
    private readonly clock: Clock,
  ) {}

  /** Starts keeping the leases of `jobIds` alive; `parent` (the run's signal) aborts them all. */
  hold(jobIds: string[], parent?: AbortSignal): void {
    for (const id of jobIds) this.held.set(id, undefined);
    if (parent && !this.parent) {
      this.parent = parent;
      parent.addEventListener('abort', this.abortAll, { once: true });
    }
    this.timer ??= setInterval(() => void this.beat(), Math.max(200, (this.leaseSeconds * 1000) / 3));
    this.timer.unref?.();
  }

  /** Aborted when the job's lease is lost or the run's signal aborts. */
  signal(jobId: string): AbortSignal {
    let controller = this.held.get(jobId);
    if (!controller) {
      controller = new AbortController();
      if (this.lost.has(jobId)) controller.abort(new Error('lease lost'));
      else if (this.parent?.aborted) controller.abort(this.parent.reason);
      if (this.held.has(jobId)) this.held.set(jobId, controller);
    }
    return controller.signal;
  }

  /** Whether the job's lease was found taken over, or the run is stopping. */
  isAborted(jobId: string): boolean {
    return this.lost.has(jobId) || this.parent?.aborted === true || this.held.get(jobId)?.signal.aborted === true;
  }

  /** The job is finished (or handed back): stop extending its lease. */
  release(jobId: string): void {
    this.held.delete(jobId);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.parent?.removeEventListener('abort', this.abortAll);
    this.parent = undefined;
    this.held.clear();
    this.lost.clear();
  }

  private async beat(): Promise<void> {
    const ids = [...this.held.keys()];
    if (ids.length === 0) return;
    try {
      const still = new Set(await extendJobLeases(this.db, { workerId: this.workerId, jobIds: ids, leaseSeconds: this.leaseSeconds, now: this.clock.now() }));
      for (const id of ids) {
        if (still.has(id) || !this.held.has(id)) continue;
        logger().warn({ jobId: id, workerId: this.workerId }, 'job lease lost: another worker holds it now');
        this.lost.add(id);
        this.held.get(id)?.abort(new Error('lease lost'));
        this.held.delete(id);
      }
    } catch (error) {
      logger().warn({ err: error, workerId: this.workerId }, 'lease heartbeat failed; will retry');
    }
  }
}
