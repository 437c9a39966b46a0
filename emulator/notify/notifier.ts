/**
 * Delivers change and lifecycle notifications asynchronously (docs/graph-facts.md §3): never
 * on the Graph request's path; changes that pile up for one URL go in one POST
 * (`value[]`, up to maxPerPost); a failure, or an answer slower than
 * responseTimeoutMs (3 s), is retried with exponential backoff until the retry
 * horizon (4 h emulated). Every attempt is logged for tests.
 *
 * Quirks (docs/graph-facts.md §3, no `missed` lifecycle event for todoTask): a share of change
 * notifications is lost (logged, never sent), duplicated (sent again in a later POST),
 * late (held back, so later changes overtake it), and a POST's items may be reordered.
 */
import type { EmulatorClock } from '../clock';
import type { DeliveryLogEntry, Quirks } from '../control-types';
import type { SeededRandom } from '../ids';
import type { NotificationTuning } from '../options';
import { postWithDeadline, type PostResult } from './deliver';

interface Pending {
  item: Record<string, unknown>;
  subscriptionId: string;
}

interface UrlQueue {
  url: string;
  kind: 'notification' | 'lifecycle';
  pending: Pending[];
  batch: Pending[];
  firstAttemptMs: number | null;
  attempt: number;
  timer: NodeJS.Timeout | null;
  busy: boolean;
}

const LOG_LIMIT = 20_000;

export class Notifier {
  private queues = new Map<string, UrlQueue>();
  private entries: DeliveryLogEntry[] = [];
  private nextLogId = 1;
  private readonly abort = new AbortController();
  private idleWaiters: (() => void)[] = [];
  /** Timers of late and duplicate notifications not yet queued. */
  private held = new Set<NodeJS.Timeout>();

  constructor(
    private readonly clock: EmulatorClock,
    private readonly tuning: NotificationTuning,
    private readonly quirks: () => Partial<Quirks> = () => ({}),
    private readonly rng: SeededRandom | null = null,
  ) {}

  enqueue(kind: UrlQueue['kind'], url: string, subscriptionId: string, item: Record<string, unknown>): void {
    if (kind === 'notification' && this.rng) {
      const q = this.quirks();
      if (this.chance(q.notificationLossRate)) {
        this.record({
          kind, url, subscriptionIds: [subscriptionId], payload: { value: [item] }, attempt: 0, status: null,
          error: 'lost (quirk notificationLossRate)', durationMs: 0, ok: false,
        });
        return;
      }
      if (this.chance(q.notificationDuplicateRate)) this.hold(kind, url, subscriptionId, item, this.tuning.retryBaseMs);
      if (this.chance(q.notificationLateRate)) {
        const [min, max] = q.notificationLateMs ?? [30_000, 15 * 60_000];
        this.hold(kind, url, subscriptionId, item, this.rng.between(min, max));
        return;
      }
    }
    this.push(kind, url, subscriptionId, item);
  }

  private chance(rate: number | undefined): boolean {
    return this.rng !== null && (rate ?? 0) > 0 && this.rng.next() < (rate ?? 0);
  }

  /** Queues the notification after `emulatedMs` (late or duplicate delivery). */
  private hold(kind: UrlQueue['kind'], url: string, subscriptionId: string, item: Record<string, unknown>, emulatedMs: number): void {
    const timer = setTimeout(() => {
      this.held.delete(timer);
      this.push(kind, url, subscriptionId, item);
    }, this.clock.realMs(emulatedMs));
    this.held.add(timer);
  }

  private push(kind: UrlQueue['kind'], url: string, subscriptionId: string, item: Record<string, unknown>): void {
    if (this.abort.signal.aborted) return;
    const key = `${kind} ${url}`;
    let queue = this.queues.get(key);
    if (!queue) {
      queue = { url, kind, pending: [], batch: [], firstAttemptMs: null, attempt: 0, timer: null, busy: false };
      this.queues.set(key, queue);
    }
    queue.pending.push({ item, subscriptionId });
    if (!queue.busy && !queue.timer) this.schedule(queue, this.tuning.batchDelayMs);
  }

  log(): DeliveryLogEntry[] {
    return [...this.entries];
  }

  record(entry: Omit<DeliveryLogEntry, 'id' | 'at'>): void {
    this.entries.push({ id: this.nextLogId++, at: this.clock.nowIso(), ...entry });
    if (this.entries.length > LOG_LIMIT) this.entries.splice(0, this.entries.length - LOG_LIMIT);
  }

  clearLog(): void {
    this.entries = [];
  }

  isIdle(): boolean {
    return this.held.size === 0 && [...this.queues.values()].every((q) => !q.busy && !q.timer && q.pending.length === 0 && q.batch.length === 0);
  }

  waitIdle(timeoutMs: number): Promise<boolean> {
    if (this.isIdle()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(this.isIdle()), timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** Drops everything queued (reset) and stops timers. */
  clear(): void {
    for (const queue of this.queues.values()) if (queue.timer) clearTimeout(queue.timer);
    for (const timer of this.held) clearTimeout(timer);
    this.held.clear();
    this.queues.clear();
    this.wakeIdleWaiters();
  }

  stop(): void {
    this.abort.abort();
    this.clear();
  }

  private schedule(queue: UrlQueue, delayMs: number): void {
    queue.timer = setTimeout(() => {
      queue.timer = null;
      void this.flush(queue);
    }, delayMs);
  }

  private async flush(queue: UrlQueue): Promise<void> {
    if (this.abort.signal.aborted) return;
    const room = (queue.kind === 'lifecycle' ? 1 : this.tuning.maxPerPost) - queue.batch.length;
    const taken = queue.pending.splice(0, Math.max(room, 0));
    if (queue.kind === 'notification' && this.quirks().notificationsReordered) this.shuffle(taken);
    queue.batch.push(...taken);
    if (queue.batch.length === 0) return this.afterQueueChange(queue);
    queue.busy = true;
    queue.firstAttemptMs ??= this.clock.nowMs();
    queue.attempt += 1;
    const payload = { value: queue.batch.map((p) => p.item) };
    const result = await postWithDeadline(queue.url, JSON.stringify(payload), 'application/json', this.tuning.responseTimeoutMs, this.abort.signal);
    queue.busy = false;
    this.logAttempt(queue, payload, result);
    if (result.ok) {
      queue.batch = [];
      queue.attempt = 0;
      queue.firstAttemptMs = null;
    } else if (this.clock.nowMs() - (queue.firstAttemptMs ?? 0) > this.tuning.retryHorizonMs) {
      queue.batch = [];
      queue.attempt = 0;
      queue.firstAttemptMs = null;
    } else if (!this.abort.signal.aborted) {
      const backoff = Math.min(this.tuning.retryBaseMs * 2 ** (queue.attempt - 1), this.tuning.retryMaxDelayMs);
      this.schedule(queue, this.clock.realMs(backoff));
      return;
    }
    this.afterQueueChange(queue);
  }

  private shuffle<T>(items: T[]): void {
    if (!this.rng) return;
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.rng.next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
  }

  private afterQueueChange(queue: UrlQueue): void {
    if (queue.pending.length > 0 && !queue.timer) this.schedule(queue, this.tuning.batchDelayMs);
    if (this.isIdle()) this.wakeIdleWaiters();
  }

  private wakeIdleWaiters(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }

  private logAttempt(queue: UrlQueue, payload: unknown, result: PostResult): void {
    this.record({
      kind: queue.kind,
      url: queue.url,
      subscriptionIds: [...new Set(queue.batch.map((p) => p.subscriptionId))],
      payload,
      attempt: queue.attempt,
      status: result.status,
      error: result.ok ? null : (result.error ?? `HTTP ${result.status}`),
      durationMs: result.durationMs,
      ok: result.ok,
    });
  }
}
