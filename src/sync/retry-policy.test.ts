import { describe, expect, it } from 'vitest';
import { BACKOFF_BASE_MS, BACKOFF_MAX_MS, backoffDelayMs, decideRetry, MAX_THROTTLED_RETRIES, type JobFailure } from './retry-policy';

const graph = (status: number, code: string, retryAfterMs?: number): JobFailure => ({
  kind: 'graph',
  status,
  code,
  message: 'from Graph',
  retryAfterMs,
});
const first = { attempts: 1, maxAttempts: 8, throttles: 0 };
const last = { attempts: 8, maxAttempts: 8, throttles: 0 };
const throttledOften = { attempts: 41, maxAttempts: 8, throttles: 40 };
const throttledOut = { attempts: MAX_THROTTLED_RETRIES + 1, maxAttempts: 8, throttles: MAX_THROTTLED_RETRIES };
const midJitter = () => 0.5;

describe('decideRetry', () => {
  it.each([
    ['429 with Retry-After 2.5 s is a throttle of exactly 2500 ms', graph(429, 'TooManyRequests', 2500), first, { action: 'throttle', delayMs: 2500, code: 'TooManyRequests' }],
    ['503 with a fractional Retry-After is a throttle of exactly that', graph(503, 'ServiceUnavailable', 1250), first, { action: 'throttle', delayMs: 1250, code: 'ServiceUnavailable' }],
    ['429 with Retry-After 0 is a throttle that retries at once', graph(429, 'TooManyRequests', 0), first, { action: 'throttle', delayMs: 0 }],
    ['429 without Retry-After is a throttle backing off by throttles so far', graph(429, 'TooManyRequests'), { attempts: 1, maxAttempts: 8, throttles: 2 }, { action: 'throttle', delayMs: 6000 }],
    ['503 without Retry-After is not a throttle: it backs off and spends the attempt', graph(503, 'ServiceUnavailable'), first, { action: 'retry', delayMs: 1500 }],
    ['503 without Retry-After on the last attempt fails', graph(503, 'ServiceUnavailable'), last, { action: 'fail', code: 'ServiceUnavailable' }],
    ['429 on the last attempt is still a throttle (attempts are not spent by throttling)', graph(429, 'TooManyRequests', 1000), last, { action: 'throttle', delayMs: 1000 }],
    ['503 with Retry-After on the last attempt is still a throttle', graph(503, 'ServiceUnavailable', 1000), last, { action: 'throttle', delayMs: 1000 }],
    ['429 after 40 throttles (beyond max_attempts) is still a throttle', graph(429, 'TooManyRequests', 1000), throttledOften, { action: 'throttle', delayMs: 1000 }],
    [`429 after ${MAX_THROTTLED_RETRIES} throttles fails with Graph's code`, graph(429, 'TooManyRequests', 1000), throttledOut, { action: 'fail', code: 'TooManyRequests' }],
    [`503 with Retry-After after ${MAX_THROTTLED_RETRIES} throttles fails`, graph(503, 'ServiceUnavailable', 1000), throttledOut, { action: 'fail', code: 'ServiceUnavailable' }],
    ['a 500 after many throttles is an ordinary retry', graph(500, 'generalException'), throttledOut, { action: 'retry', code: 'generalException' }],
    ['a 500 on the 8th claim after 3 throttled claims is retried: 5 attempts spent', graph(500, 'generalException'), { attempts: 8, maxAttempts: 8, throttles: 3 }, { action: 'retry' }],
    ['a 500 on the 11th claim after 3 throttled claims fails: 8 attempts spent', graph(500, 'generalException'), { attempts: 11, maxAttempts: 8, throttles: 3 }, { action: 'fail' }],
    ['500 backs off', graph(500, 'generalException'), first, { action: 'retry', code: 'generalException' }],
    ['502 backs off', graph(502, 'BadGateway'), first, { action: 'retry' }],
    ['408 backs off', graph(408, 'RequestTimeout'), first, { action: 'retry' }],
    ['500 on the last attempt fails', graph(500, 'generalException'), last, { action: 'fail', code: 'generalException' }],
    ['400 fails at once with the Graph code', graph(400, 'invalidRequest'), first, { action: 'fail', code: 'invalidRequest' }],
    ['403 fails at once', graph(403, 'accessDenied'), first, { action: 'fail', code: 'accessDenied' }],
    ['404 fails at once', graph(404, 'ErrorItemNotFound'), first, { action: 'fail', code: 'ErrorItemNotFound' }],
    ['409 fails at once', graph(409, 'Conflict'), first, { action: 'fail', code: 'Conflict' }],
    ['a 4xx without a code keeps the status', graph(422, ''), first, { action: 'fail', code: 'http_422' }],
    ['a network error backs off', { kind: 'network', message: 'ECONNRESET' }, first, { action: 'retry', code: 'network_error' }],
    ['a network error on the last attempt fails', { kind: 'network', message: 'ECONNRESET' }, last, { action: 'fail', code: 'network_error' }],
    ['an escaped delta reset is retried', { kind: 'delta_reset', message: '410' }, first, { action: 'retry', code: 'delta_reset' }],
    ['an unknown error is retried', { kind: 'unknown', message: 'boom' }, first, { action: 'retry', code: 'internal_error' }],
    ['a permanent job error fails at once', { kind: 'permanent', code: 'no_handler', message: 'x' }, first, { action: 'fail', code: 'no_handler' }],
    ['needs reconnect pauses the user, even on the last attempt', { kind: 'needs_reconnect', reason: 'invalid_grant', message: 'x' }, last, { action: 'pause_user', reason: 'invalid_grant' }],
  ] as const)('%s', (_name, failure, state, expected) => {
    expect(decideRetry(failure as JobFailure, state, midJitter)).toMatchObject(expected);
  });

  it('a failure message says how many attempts were made', () => {
    const d = decideRetry(graph(500, 'x'), last, midJitter);
    expect(d.action === 'fail' && d.message).toMatch(/after 8 attempts/);
  });

  it('a job throttled out says how many throttled retries it had', () => {
    const d = decideRetry(graph(429, 'TooManyRequests', 1000), throttledOut, midJitter);
    expect(d.action === 'fail' && d.message).toMatch(new RegExp(`after ${MAX_THROTTLED_RETRIES} throttled retries`));
  });

  it('a 429 without Retry-After backs off further with every throttle, up to the cap', () => {
    const delays = [0, 1, 2, 3, 20].map((throttles) => decideRetry(graph(429, 'TooManyRequests'), { ...first, throttles }, () => 1));
    expect(delays.map((d) => d.action === 'throttle' && d.delayMs)).toEqual([2000, 4000, 8000, 16000, BACKOFF_MAX_MS]);
  });
});

describe('backoffDelayMs', () => {
  it.each([
    [1, 0, BACKOFF_BASE_MS / 2],
    [1, 1, BACKOFF_BASE_MS],
    [2, 0, BACKOFF_BASE_MS],
    [2, 1, BACKOFF_BASE_MS * 2],
    [4, 0.5, BACKOFF_BASE_MS * 6],
    [40, 1, BACKOFF_MAX_MS],
    [40, 0, BACKOFF_MAX_MS / 2],
    [0, 1, BACKOFF_BASE_MS],
  ])('attempt %i with jitter %d waits %i ms', (attempts, jitter, expected) => {
    expect(backoffDelayMs(attempts, () => jitter)).toBe(expected);
  });

  it('grows with the attempt and stays within [ceiling/2, ceiling]', () => {
    for (let attempts = 1; attempts <= 20; attempts++) {
      const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempts - 1));
      for (const r of [0, 0.3, 0.999]) {
        const d = backoffDelayMs(attempts, () => r);
        expect(d).toBeGreaterThanOrEqual(ceiling / 2);
        expect(d).toBeLessThanOrEqual(ceiling);
      }
    }
  });
});
