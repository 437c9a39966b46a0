/**
 * Typed errors at the Microsoft edge. Jobs decide retry vs fail from the type and
 * its fields (status, code, retryAfterMs), never from message text.
 */

/** A Graph (or identity platform) HTTP error response. */
export class GraphError extends Error {
  readonly name = 'GraphError';
  constructor(
    readonly status: number,
    /** Graph `error.code` (e.g. TooManyRequests, ErrorItemNotFound, syncStateNotFound). */
    readonly code: string,
    message: string,
    readonly options: {
      /** Parsed Retry-After in milliseconds (fractional seconds allowed), when sent. */
      retryAfterMs?: number;
      /** `request-id` / `client-request-id` header, for logs. */
      requestId?: string;
      method?: string;
      /** Path only (no query string, never a token). */
      path?: string;
    } = {},
  ) {
    super(message);
  }
  get retryAfterMs(): number | undefined {
    return this.options.retryAfterMs;
  }
  get requestId(): string | undefined {
    return this.options.requestId;
  }
  get isThrottled(): boolean {
    return this.status === 429 || this.status === 503;
  }
  get isNotFound(): boolean {
    return this.status === 404;
  }
}

/** The network failed or timed out before Graph answered. Retryable. */
export class GraphNetworkError extends Error {
  readonly name = 'GraphNetworkError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * A delta cursor is no longer valid (410 Gone, syncStateNotFound, resyncRequired,
 * or ResourceNotFound on a stored link): drop the cursor and resync. Not retryable as is.
 */
export class DeltaResetError extends Error {
  readonly name = 'DeltaResetError';
  constructor(
    message: string,
    /** Fresh, token-less delta URL from the 410 Location header, when sent. */
    readonly restartUrl?: string,
  ) {
    super(message);
  }
}

/**
 * The refresh token was rejected (invalid_grant, interaction_required, ...): the
 * user must reconnect. Jobs pause (neither failed nor retried) until they do.
 */
export class NeedsReconnectError extends Error {
  readonly name = 'NeedsReconnectError';
  constructor(
    /** OAuth `error` (invalid_grant, interaction_required, ...). */
    readonly oauthError: string,
    message: string,
  ) {
    super(message);
  }
}

/** Parses a Retry-After header (seconds, possibly fractional, or an HTTP date) to ms. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
