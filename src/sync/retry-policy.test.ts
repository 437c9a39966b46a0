import { describe, expect, it } from 'vitest';
import { BACKOFF_BASE_MS, BACKOFF_MAX_MS, backoffDelayMs, decideRetry, type JobFailure } from './retry-policy';

const graph = (status: number, code: string, retryAfterMs?: number): JobFailure => ({
  kind: 'graph',
  status,
  code,
  message: 'from Graph',
  retryAfterMs,
});
const first = { attempts: 1, maxAttempts: 8 };
const last = { attempts: 8, maxAttempts: 8 };
const midJitter = () => 0.5;

describe('decideRetry', () => {
  it.each([
    ['429 with Retry-After 2.5 s waits exactly 2500 ms', graph(429, 'TooManyRequests', 2500), first, { action: 'retry', delayMs: 2500, code: 'TooManyRequests' }],
    ['503 with a fractional Retry-After waits exactly that', graph(503, 'ServiceUnavailable', 1250), first, { action: 'retry', delayMs: 1250, code: 'ServiceUnavailable' }],
    ['429 with Retry-After 0 retries at once', graph(429, 'TooManyRequests', 0), first, { action: 'retry', delayMs: 0 }],
    ['503 without Retry-After backs off', graph(503, 'ServiceUnavailable'), first, { action: 'retry', delayMs: 1500 }],
    ['429 without Retry-After backs off', graph(429, 'TooManyRequests'), { attempts: 3, maxAttempts: 8 }, { action: 'retry', delayMs: 6000 }],
    ['500 backs off', graph(500, 'generalException'), first, { action: 'retry', code: 'generalException' }],
    ['502 backs off', graph(502, 'BadGateway'), first, { action: 'retry' }],
    ['408 backs off', graph(408, 'RequestTimeout'), first, { action: 'retry' }],
    ['500 on the last attempt fails', graph(500, 'generalException'), last, { action: 'fail', code: 'generalException' }],
    ['429 on the last attempt fails', graph(429, 'TooManyRequests', 1000), last, { action: 'fail', code: 'TooManyRequests' }],
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
