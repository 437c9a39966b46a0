/**
 * Keeps the leases of the jobs a worker holds alive while it works on them, so a
 * long job is not reclaimed by another worker. A job found no longer held (its
 * lease expired and someone reclaimed it) has its AbortController aborted.
 */
import type { Clock } from '../config/clock';
import type { Db } from '../db/client';
import { extendJobLeases } from '../db/jobs-repository';
import { logger } from '../observability/logger';

export class LeaseHeartbeat {
  private readonly held = new Map<string, AbortController>();
  private timer: NodeJS.Timeout | undefined;
  private parent: AbortSignal | undefined;
  private readonly abortAll = () => {
    for (const controller of this.held.values()) controller.abort(this.parent?.reason);
  };

  constructor(
    private readonly db: Db,
    private readonly workerId: string,
    private readonly leaseSeconds: number,
    private readonly clock: Clock,
  ) {}

  /** Starts tracking `jobIds`; returns each job's abort controller. */
  hold(jobIds: string[], parent?: AbortSignal): Map<string, AbortController> {
    for (const id of jobIds) this.held.set(id, new AbortController());
    if (parent && !this.parent) {
      this.parent = parent;
      parent.addEventListener('abort', this.abortAll, { once: true });
      if (parent.aborted) this.abortAll();
    }
    this.timer ??= setInterval(() => void this.beat(), Math.max(200, (this.leaseSeconds * 1000) / 3));
    this.timer.unref?.();
    return new Map(jobIds.map((id) => [id, this.held.get(id)!]));
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
  }

  private async beat(): Promise<void> {
    const ids = [...this.held.keys()];
    if (ids.length === 0) return;
    try {
      const still = new Set(await extendJobLeases(this.db, { workerId: this.workerId, jobIds: ids, leaseSeconds: this.leaseSeconds, now: this.clock.now() }));
      for (const id of ids) {
        const controller = this.held.get(id);
        if (controller && !still.has(id)) {
          logger().warn({ jobId: id, workerId: this.workerId }, 'job lease lost: another worker holds it now');
          controller.abort(new Error('lease lost'));
          this.held.delete(id);
        }
      }
    } catch (error) {
      logger().warn({ err: error, workerId: this.workerId }, 'lease heartbeat failed; will retry');
    }
  }
}
