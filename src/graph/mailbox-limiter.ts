/**
 * At most MAX_IN_FLIGHT_PER_MAILBOX Graph requests in flight per mailbox in this
 * process (Outlook allows 4 concurrent requests per app + mailbox). Waiters are
 * served first come, first served. One registry per process, so every Graph
 * client made for the same mailbox shares the same slots.
 */

export const MAX_IN_FLIGHT_PER_MAILBOX = 4;

export class MailboxSemaphore {
  private inFlight = 0;
  private readonly waiters: { weight: number; resolve: () => void }[] = [];

  constructor(readonly capacity: number) {}

  get active(): number {
    return this.inFlight;
  }

  /** Waits for `weight` slots (capped at capacity); returns the release function. */
  async acquire(weight = 1): Promise<() => void> {
    const w = Math.max(1, Math.min(weight, this.capacity));
    if (this.waiters.length === 0 && this.inFlight + w <= this.capacity) {
      this.inFlight += w;
    } else {
      await new Promise<void>((resolve) => this.waiters.push({ weight: w, resolve }));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight -= w;
      this.wakeWaiters();
    };
  }

  private wakeWaiters(): void {
    while (this.waiters.length > 0 && this.inFlight + this.waiters[0].weight <= this.capacity) {
      const next = this.waiters.shift()!;
      this.inFlight += next.weight;
      next.resolve();
    }
  }
}

const REGISTRY = Symbol.for('planner.graph.mailboxLimiters');
type Holder = { [REGISTRY]?: Map<string, MailboxSemaphore> };

/** The process-wide semaphore of one mailbox. */
export function mailboxSemaphore(mailboxKey: string, capacity = MAX_IN_FLIGHT_PER_MAILBOX): MailboxSemaphore {
  const holder = globalThis as Holder;
  const map = (holder[REGISTRY] ??= new Map());
  let semaphore = map.get(mailboxKey);
  if (!semaphore) {
    semaphore = new MailboxSemaphore(capacity);
    map.set(mailboxKey, semaphore);
  }
  return semaphore;
}
