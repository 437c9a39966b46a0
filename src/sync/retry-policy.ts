/**
 * What a sync job does after it throws (guide §6.7, §11). Pure: the caller
 * classifies the error (src/jobs/classify-job-error.ts) and passes the random
 * source for jitter; no clock, no I/O.
 *
 *  - throttling — Graph 429 (with or without Retry-After) or 503 with Retry-After:
 *    'throttle': wait exactly Retry-After (fractional too; backoff when a 429 has
 *    none) and pause the whole mailbox for that long (decision 0033). The claim still
 *    counts an attempt, but throttling says nothing about the job, so throttled
 *    claims are not held against max_attempts (spentAttempts);
 *    instead a job fails once it has been throttled MAX_THROTTLED_RETRIES times, so a
 *    mailbox that never stops answering 429 cannot loop forever;
 *  - 503 without Retry-After, other 5xx, 408, network errors, an escaped delta
 *    reset, unknown errors: exponential backoff with jitter;
 *    every retry re-runs by itself (the job goes back to pending with a later
 *    scheduled_at) until attempts reach max_attempts, then it fails;
 *  - any other 4xx, or an error the job marks permanent: fail at once, keeping
 *    Graph's error code;
 *  - needs reconnect: pause the user (not a failure; the attempt is given back).
 */

export type JobFailure =
  | { kind: 'graph'; status: number; code: string; message: string; retryAfterMs?: number }
  | { kind: 'network'; message: string }
  | { kind: 'needs_reconnect'; reason: string; message: string }
  | { kind: 'delta_reset'; message: string }
  | { kind: 'permanent'; code: string; message: string }
  | { kind: 'unknown'; message: string };

export type RetryDecision =
  | { action: 'retry'; delayMs: number; code: string; message: string }
  /** Throttled: not held against max_attempts; the user's mailbox paused for delayMs. */
  | { action: 'throttle'; delayMs: number; code: string; message: string }
  | { action: 'fail'; code: string; message: string }
  | { action: 'pause_user'; reason: string; message: string };

export interface AttemptState {
  /** Claims so far, this one included (every claim counts an attempt). */
  attempts: number;
  maxAttempts: number;
  /** Throttled retries so far, this one not included. */
  throttles: number;
}

/**
 * Throttled retries after which a job fails after all. At Outlook's Retry-After of
 * seconds to minutes that is an hour or more of a mailbox answering nothing but 429.
 */
export const MAX_THROTTLED_RETRIES = 100;

export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_MAX_MS = 10 * 60_000;

/**
 * Exponential backoff with "equal jitter": the n-th attempt waits between half and
 * all of min(BACKOFF_MAX_MS, BACKOFF_BASE_MS · 2^(n−1)).
 */
export function backoffDelayMs(attempts: number, random: () => number): number {
  const exponent = Math.min(Math.max(attempts, 1) - 1, 30);
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** exponent);
  const jitter = Math.min(Math.max(random(), 0), 1);
  return Math.round(ceiling / 2 + (ceiling / 2) * jitter);
}

/** The mailbox is throttled: any 429, or a 503 that says how long to wait. */
function isThrottle(failure: Extract<JobFailure, { kind: 'graph' }>): boolean {
  return failure.status === 429 || (failure.status === 503 && failure.retryAfterMs !== undefined);
}

function isTransientStatus(status: number): boolean {
  return status >= 500 || status === 408;
}

/**
 * Attempts that count towards max_attempts: every claim is an attempt (the row's
 * `attempts`), but a claim that ended throttled says nothing about the job.
 */
export function spentAttempts(state: AttemptState): number {
  return Math.max(1, state.attempts - state.throttles);
}

/** Retry after `delayMs` unless the attempts are used up, then fail with the same code. */
function retryOrFail(state: AttemptState, delayMs: number, code: string, message: string): RetryDecision {
  const spent = spentAttempts(state);
  if (spent >= state.maxAttempts) {
    return { action: 'fail', code, message: `${message} (gave up after ${spent} attempts)` };
  }
  return { action: 'retry', delayMs, code, message };
}

export function decideRetry(failure: JobFailure, state: AttemptState, random: () => number): RetryDecision {
  switch (failure.kind) {
    case 'needs_reconnect':
      return { action: 'pause_user', reason: failure.reason, message: failure.message };
    case 'permanent':
      return { action: 'fail', code: failure.code, message: failure.message };
    case 'network':
      return retryOrFail(state, backoffDelayMs(spentAttempts(state), random), 'network_error', failure.message);
    case 'delta_reset':
      return retryOrFail(state, backoffDelayMs(spentAttempts(state), random), 'delta_reset', failure.message);
    case 'unknown':
      return retryOrFail(state, backoffDelayMs(spentAttempts(state), random), 'internal_error', failure.message);
    case 'graph':
      return decideGraphRetry(failure, state, random);
  }
}

function decideGraphRetry(
  failure: Extract<JobFailure, { kind: 'graph' }>,
  state: AttemptState,
  random: () => number,
): RetryDecision {
  const code = failure.code || `http_${failure.status}`;
  const message = `Graph ${failure.status} ${code}: ${failure.message}`;
  if (isThrottle(failure)) {
    if (state.throttles >= MAX_THROTTLED_RETRIES) {
      return { action: 'fail', code, message: `${message} (gave up after ${state.throttles} throttled retries)` };
    }
    const delayMs = failure.retryAfterMs !== undefined ? Math.max(0, failure.retryAfterMs) : backoffDelayMs(state.throttles + 1, random);
    return { action: 'throttle', delayMs, code, message };
  }
  if (isTransientStatus(failure.status)) {
    return retryOrFail(state, backoffDelayMs(spentAttempts(state), random), code, message);
  }
  return { action: 'fail', code, message };
}
