/**
 * Per-mailbox throttling as Outlook does it (docs/graph-facts.md §4): at most N requests in
 * flight and M requests per window (emulated time), throttled requests still count,
 * 429 with a Retry-After that is sometimes fractional.
 */
import type { EmulatorClock } from '../clock';
import type { ThrottleLimits } from '../control-types';
import type { SeededRandom } from '../ids';

export type ThrottleDecision =
  | { ok: true; release: () => void }
  | { ok: false; retryAfter: string; reason: 'concurrency' | 'rate' };

export class Throttle {
  private inFlight = new Map<string, number>();
  private arrivals = new Map<string, number[]>();
  readonly maxInFlightSeen = new Map<string, number>();
  readonly throttledCount = new Map<string, number>();

  constructor(
    private readonly limits: () => ThrottleLimits,
    private readonly clock: EmulatorClock,
    private readonly rng: SeededRandom,
    private readonly fractional: () => boolean,
  ) {}

  acquire(mailbox: string): ThrottleDecision {
    const limits = this.limits();
    const now = this.clock.nowMs();
    const windowMs = limits.windowSeconds * 1000;
    const arrivals = this.arrivals.get(mailbox) ?? [];
    const expired = countBefore(arrivals, now - windowMs);
    if (expired > 0) arrivals.splice(0, expired);
    arrivals.push(now);
    this.arrivals.set(mailbox, arrivals);
    const current = this.inFlight.get(mailbox) ?? 0;
    this.maxInFlightSeen.set(mailbox, Math.max(this.maxInFlightSeen.get(mailbox) ?? 0, current + 1));
    if (current >= limits.maxConcurrentPerMailbox) return this.reject(mailbox, 'concurrency', 1000);
    if (arrivals.length > limits.maxRequestsPerWindow) {
      const oldest = arrivals[arrivals.length - 1 - limits.maxRequestsPerWindow];
      return this.reject(mailbox, 'rate', oldest + windowMs - now);
    }
    this.inFlight.set(mailbox, current + 1);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.inFlight.set(mailbox, (this.inFlight.get(mailbox) ?? 1) - 1);
      },
    };
  }

  private reject(mailbox: string, reason: 'concurrency' | 'rate', waitEmulatedMs: number): ThrottleDecision {
    this.throttledCount.set(mailbox, (this.throttledCount.get(mailbox) ?? 0) + 1);
    return { ok: false, reason, retryAfter: this.formatRetryAfter(this.clock.realMs(Math.max(waitEmulatedMs, 1))) };
  }

  /** Seconds, integer or (with the quirk, half of the time) fractional like "2.128". */
  formatRetryAfter(realMs: number): string {
    const seconds = realMs / 1000;
    if (this.fractional() && this.rng.next() < 0.5) return (Math.max(seconds, 0.05) + this.rng.next() * 0.5).toFixed(3);
    return String(Math.max(1, Math.ceil(seconds)));
  }

  reset(): void {
    this.inFlight.clear();
    this.arrivals.clear();
    this.maxInFlightSeen.clear();
    this.throttledCount.clear();
  }

  resetCounters(): void {
    this.maxInFlightSeen.clear();
    this.throttledCount.clear();
  }
}

/** Arrivals are in time order: how many are at or before `limit` (binary search). */
function countBefore(sorted: number[], limit: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
