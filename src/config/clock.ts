/**
 * The clock (decision 0049): every time the sync and the queue write or compare comes
 * from one Clock, the process clock unless a test sets another. The queue's SQL takes
 * its times from it as parameters instead of reading the database's now(), as
 * graphile-worker's useNodeTime does, so a test that sets the clock sets the queue's
 * time too. Time budgets and timers (how long a run may last, when to wake) measure
 * elapsed time on the process clock whatever the Clock says.
 */
export interface Clock {
  now(): Date;
}

/** The process clock: what Planner runs on outside tests. */
export const systemClock: Clock = { now: () => new Date() };

/** The clock's time plus `ms`. */
export function later(clock: Clock, ms: number): Date {
  return new Date(clock.now().getTime() + ms);
}
