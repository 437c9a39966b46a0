/**
 * Typed errors at the Microsoft edge. Jobs decide retry vs fail from the type and
 * its fields (status, code, retryAfterMs), never from message text.
 *
 * `instanceof` works across copies of this module: Next.js can load a module once
 * per bundle layer (route handlers, server actions), and a client made in one layer
 * may throw into code of another. Each class matches by a brand, not by identity.
 */

const ERROR_BRAND = Symbol.for('planner.error.brand');

/** True when `value` carries the brand `name` (see the note above). */
export function hasErrorBrand(value: unknown, name: string): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[ERROR_BRAND] === name;
}

/** Marks an instance with its brand; returns it. */
export function brandError<T extends Error>(error: T, name: string): T {
  Object.defineProperty(error, ERROR_BRAND, { value: name, enumerable: false });
  return error;
}

/** A Graph (or identity platform) HTTP error response. */
export class GraphError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return hasErrorBrand(value, 'GraphError');
  }
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
      /** Location header (410 Gone on delta: the fresh, token-less delta URL). */
      location?: string;
    } = {},
  ) {
    super(message);
    brandError(this, 'GraphError');
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
  static [Symbol.hasInstance](value: unknown): boolean {
    return hasErrorBrand(value, 'GraphNetworkError');
  }
  readonly name = 'GraphNetworkError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    brandError(this, 'GraphNetworkError');
  }
}

/**
 * A delta cursor is no longer valid (410 Gone, syncStateNotFound, resyncRequired,
 * or ResourceNotFound on a stored link): drop the cursor and resync. Not retryable as is.
 */
export class DeltaResetError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return hasErrorBrand(value, 'DeltaResetError');
  }
  readonly name = 'DeltaResetError';
  constructor(
    message: string,
    /** Fresh, token-less delta URL from the 410 Location header, when sent. */
    readonly restartUrl?: string,
  ) {
    super(message);
    brandError(this, 'DeltaResetError');
  }
}

/**
 * The refresh token was rejected (invalid_grant, interaction_required, ...): the
 * user must reconnect. Jobs pause (neither failed nor retried) until they do.
 */
export class NeedsReconnectError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return hasErrorBrand(value, 'NeedsReconnectError');
  }
  readonly name = 'NeedsReconnectError';
  constructor(
    /** OAuth `error` (invalid_grant, interaction_required, ...). */
    readonly oauthError: string,
    message: string,
  ) {
    super(message);
    brandError(this, 'NeedsReconnectError');
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

/** Graph error codes (any 4xx) that mean "this delta cursor is dead: resync". */
export const DELTA_RESET_CODES = new Set(['syncStateNotFound', 'resyncRequired', 'SyncStateNotFound', 'ResyncRequired']);

/** OAuth `error` values that only the user can fix by signing in again. */
export const RECONNECT_OAUTH_ERRORS = new Set(['invalid_grant', 'interaction_required', 'consent_required']);

/** Builds a GraphError from a non-2xx response and its (already read) body text. */
export function graphErrorFrom(
  response: { status: number; headers: Headers },
  bodyText: string,
  request: { method: string; path: string },
): GraphError {
  const { code, message } = parseErrorBody(bodyText, response.status);
  return new GraphError(response.status, code, message, {
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
    requestId: response.headers.get('request-id') ?? response.headers.get('client-request-id') ?? undefined,
    method: request.method,
    path: request.path,
    location: response.headers.get('location') ?? undefined,
  });
}

function parseErrorBody(text: string, status: number): { code: string; message: string } {
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } | string; error_description?: unknown };
    if (body && typeof body.error === 'object' && body.error) {
      return {
        code: typeof body.error.code === 'string' ? body.error.code : `http_${status}`,
        message: typeof body.error.message === 'string' ? body.error.message : `Graph answered ${status}`,
      };
    }
    if (typeof body?.error === 'string') {
      return { code: body.error, message: typeof body.error_description === 'string' ? body.error_description : body.error };
    }
  } catch {
    // not JSON: fall through
  }
  return { code: `http_${status}`, message: `Graph answered ${status}` };
}

/** True when this error means the delta cursor must be dropped (see DeltaResetError). */
export function isDeltaResetError(error: GraphError, followingStoredLink: boolean): boolean {
  if (error.status === 410) return true;
  if (error.status >= 400 && error.status < 500 && DELTA_RESET_CODES.has(error.code)) return true;
  return followingStoredLink && error.code === 'ResourceNotFound';
}
