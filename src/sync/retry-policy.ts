/**
 * What a sync job does after it throws (guide §6.7, §11). Pure: the caller
 * classifies the error (src/jobs/classify-job-error.ts) and passes the random
 * source for jitter; no clock, no I/O.
 *
 *  - Graph 429/503 with Retry-After: wait exactly that long (fractional too);
 *  - 429/503 without it, other 5xx, 408, network errors, an escaped delta reset,
 *    unknown errors: exponential backoff with jitter;
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
  | { action: 'fail'; code: string; message: string }
  | { action: 'pause_user'; reason: string; message: string };

export interface AttemptState {
  /** Claims so far, this one included (every claim counts an attempt). */
  attempts: number;
  maxAttempts: number;
}

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

function isThrottled(status: number): boolean {
  return status === 429 || status === 503;
}

function isTransientStatus(status: number): boolean {
  return status >= 500 || status === 408;
}

/** Retry after `delayMs` unless the attempts are used up, then fail with the same code. */
function retryOrFail(state: AttemptState, delayMs: number, code: string, message: string): RetryDecision {
  if (state.attempts >= state.maxAttempts) {
    return { action: 'fail', code, message: `${message} (gave up after ${state.attempts} attempts)` };
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
      return retryOrFail(state, backoffDelayMs(state.attempts, random), 'network_error', failure.message);
    case 'delta_reset':
      return retryOrFail(state, backoffDelayMs(state.attempts, random), 'delta_reset', failure.message);
    case 'unknown':
      return retryOrFail(state, backoffDelayMs(state.attempts, random), 'internal_error', failure.message);
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
  if (isThrottled(failure.status) && failure.retryAfterMs !== undefined) {
    return retryOrFail(state, Math.max(0, failure.retryAfterMs), code, message);
  }
  if (isThrottled(failure.status) || isTransientStatus(failure.status)) {
    return retryOrFail(state, backoffDelayMs(state.attempts, random), code, message);
  }
  return { action: 'fail', code, message };
}
