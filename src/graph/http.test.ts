import { describe, expect, it } from 'vitest';
import { GraphError, GraphNetworkError, parseRetryAfter } from './errors';
import { resolveUrl, retryDelayMs, routeTemplate } from './http';

const settings = { maxRetries: 3, maxInlineWaitMs: 5_000 };
const throttled = (status: number, retryAfterMs?: number) => new GraphError(status, 'TooManyRequests', 'slow down', { retryAfterMs });

describe('retryDelayMs', () => {
  it('honours Retry-After exactly, for reads and writes', () => {
    expect(retryDelayMs(throttled(429, 2128), 'GET', 0, settings)).toBe(2128);
    expect(retryDelayMs(throttled(503, 1500), 'POST', 0, settings)).toBe(1500);
  });

  it('backs off exponentially only when no Retry-After was sent', () => {
    const first = retryDelayMs(throttled(429), 'GET', 0, settings)!;
    const third = retryDelayMs(throttled(429), 'GET', 2, settings)!;
    expect(first).toBeGreaterThanOrEqual(125);
    expect(first).toBeLessThanOrEqual(250);
    expect(third).toBeGreaterThanOrEqual(500);
    expect(third).toBeLessThanOrEqual(1000);
  });

  it('retries reads on 5xx and network errors, writes never', () => {
    const fiveHundred = new GraphError(500, 'generalException', 'oops');
    const network = new GraphNetworkError('socket hang up');
    expect(retryDelayMs(fiveHundred, 'GET', 0, settings)).toBeGreaterThan(0);
    expect(retryDelayMs(network, 'GET', 0, settings)).toBeGreaterThan(0);
    expect(retryDelayMs(fiveHundred, 'PATCH', 0, settings)).toBeUndefined();
    expect(retryDelayMs(network, 'POST', 0, settings)).toBeUndefined();
  });

  it('never retries a 4xx other than 429, and stops after maxRetries', () => {
    expect(retryDelayMs(new GraphError(404, 'ErrorItemNotFound', 'gone'), 'GET', 0, settings)).toBeUndefined();
    expect(retryDelayMs(new GraphError(410, 'syncStateNotFound', 'reset'), 'GET', 0, settings)).toBeUndefined();
    expect(retryDelayMs(throttled(429, 10), 'GET', 3, settings)).toBeUndefined();
  });

  it('hands a wait longer than maxInlineWaitMs back to the caller', () => {
    expect(retryDelayMs(throttled(429, 30_000), 'GET', 0, settings)).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  it('reads integer and fractional seconds and HTTP dates', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('2.128')).toBe(2128);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('resolveUrl', () => {
  const base = new URL('https://graph.microsoft.com/v1.0/');

  it('resolves paths under the version root and keeps absolute links of the same host', () => {
    expect(resolveUrl(base, { url: '/me/todo/lists' }).href).toBe('https://graph.microsoft.com/v1.0/me/todo/lists');
    const link = 'https://graph.microsoft.com/v1.0/me/todo/lists/delta?$deltatoken=abc';
    expect(resolveUrl(base, { url: link }).href).toBe(link);
    expect(resolveUrl(base, { url: '/me/todo/lists', query: { $top: 5, $expand: undefined } }).search).toBe('?%24top=5');
  });

  it('refuses to send the token to another host', () => {
    expect(() => resolveUrl(base, { url: 'https://evil.example/v1.0/me' })).toThrow(GraphError);
  });
});

describe('routeTemplate', () => {
  it('replaces ids with {id} so metric labels stay few', () => {
    expect(routeTemplate('/v1.0/me/todo/lists/AAMkADIw=/tasks/AQMk/linkedResources', '/v1.0/')).toBe('/me/todo/lists/{id}/tasks/{id}/linkedResources');
    expect(routeTemplate('/v1.0/me/todo/lists/delta', '/v1.0/')).toBe('/me/todo/lists/delta');
    expect(routeTemplate('/v1.0/subscriptions/123', '/v1.0/')).toBe('/subscriptions/{id}');
  });
});
