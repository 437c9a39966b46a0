/** A Clock a test sets and moves by hand (src/config/clock.ts; decision 0049). */
import type { Clock } from '../../src/config/clock';

export interface TestClock extends Clock {
  set(at: Date): void;
  advance(ms: number): void;
}

export function testClock(start: Date): TestClock {
  let at = start.getTime();
  return {
    now: () => new Date(at),
    set: (to) => void (at = to.getTime()),
    advance: (ms) => void (at += ms),
  };
}
