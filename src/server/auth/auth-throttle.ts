/**
 * Throttles the password endpoints (sign-in, sign-up, change/reset password) in
 * front of Better Auth, whose own limiter keyed only by a client-sent
 * X-Forwarded-For: rotating it escaped the limit, and without it every client
 * shared one bucket, so three bad attempts locked everyone out (issue 13 §2.2).
 *
 * Each request counts against:
 *  - its account (the e-mail in the body), from any address: brute force on one
 *    account stops whatever the client claims to be;
 *  - its client address when a trusted proxy gives one (client-ip.ts), else one
 *    generous bucket for all such clients together: a flood guard, far above what
 *    people type, so one client cannot lock everyone else out.
 * Buckets live in this process's memory (like Better Auth's default store).
 */
import { clientIpOf, type ProxyTrust } from './client-ip';

export interface ThrottleRule {
  windowMs: number;
  max: number;
}

export interface ThrottleRules {
  account: ThrottleRule;
  client: ThrottleRule;
  everyone: ThrottleRule;
}

export const DEFAULT_THROTTLE_RULES: ThrottleRules = {
  account: { windowMs: 60_000, max: 5 },
  client: { windowMs: 10_000, max: 3 },
  everyone: { windowMs: 10_000, max: 200 },
};

/** The header Better Auth reads the client address from (advanced.ipAddress); only we set it. */
export const CLIENT_IP_HEADER = 'x-planner-client-ip';

const THROTTLED_PATHS = ['/sign-in', '/sign-up', '/change-password', '/change-email', '/reset-password', '/request-password-reset', '/forget-password', '/send-verification-email'];
const MAX_BUCKETS = 100_000;

export interface AuthThrottleOptions {
  trust: ProxyTrust;
  enabled: boolean;
  rules?: ThrottleRules;
  /** Better Auth's base path (default /api/auth). */
  basePath?: string;
  now?: () => number;
}

export class AuthThrottle {
  private readonly buckets = new Map<string, { count: number; resetAt: number }>();
  private readonly rules: ThrottleRules;
  private readonly now: () => number;

  constructor(readonly options: AuthThrottleOptions) {
    this.rules = options.rules ?? DEFAULT_THROTTLE_RULES;
    this.now = options.now ?? Date.now;
  }

  /**
   * The request to hand to Better Auth (client address header set by us, never by
   * the client), or a 429 when one of its buckets is spent.
   */
  async admit(request: Request): Promise<Request | Response> {
    const ip = clientIpOf(request.headers, this.options.trust);
    const headers = new Headers(request.headers);
    headers.delete(CLIENT_IP_HEADER);
    if (ip) headers.set(CLIENT_IP_HEADER, ip);
    const path = this.throttledPath(request);
    if (this.options.enabled && path) {
      const email = await emailOf(request);
      const keys: [string, ThrottleRule][] = [
        ip ? [`client:${ip}|${path}`, this.rules.client] : [`everyone|${path}`, this.rules.everyone],
        ...(email ? ([[`account:${email}|${path}`, this.rules.account]] as [string, ThrottleRule][]) : []),
      ];
      const waits = keys.map(([key, rule]) => this.consume(key, rule));
      const retryAfterS = Math.max(...waits);
      if (retryAfterS > 0) return tooManyRequests(retryAfterS);
    }
    return new Request(request, { headers });
  }

  private throttledPath(request: Request): string | undefined {
    if (request.method !== 'POST') return undefined;
    const base = this.options.basePath ?? '/api/auth';
    const { pathname } = new URL(request.url);
    if (!pathname.startsWith(`${base}/`)) return undefined;
    const path = pathname.slice(base.length);
    return THROTTLED_PATHS.some((p) => path === p || path.startsWith(`${p}/`)) ? path : undefined;
  }

  /** Counts one request; 0 = allowed, else seconds until the bucket refills. */
  private consume(key: string, rule: ThrottleRule): number {
    const now = this.now();
    const bucket = this.buckets.get(key);
    if (!bucket || now >= bucket.resetAt) {
      if (this.buckets.size >= MAX_BUCKETS) this.prune(now);
      this.buckets.set(key, { count: 1, resetAt: now + rule.windowMs });
      return 0;
    }
    if (bucket.count >= rule.max) return Math.max(1, Math.ceil((bucket.resetAt - now) / 1000));
    bucket.count += 1;
    return 0;
  }

  private prune(now: number): void {
    for (const [key, bucket] of this.buckets) if (now >= bucket.resetAt) this.buckets.delete(key);
    for (const key of this.buckets.keys()) {
      if (this.buckets.size < MAX_BUCKETS) break;
      this.buckets.delete(key);
    }
  }
}

async function emailOf(request: Request): Promise<string | undefined> {
  if (!(request.headers.get('content-type') ?? '').includes('application/json')) return undefined;
  const body = (await request
    .clone()
    .json()
    .catch(() => undefined)) as { email?: unknown } | undefined;
  return typeof body?.email === 'string' && body.email.trim() ? body.email.trim().toLowerCase() : undefined;
}

function tooManyRequests(retryAfterS: number): Response {
  return Response.json(
    { message: 'Too many attempts. Please try again later.', code: 'TOO_MANY_REQUESTS' },
    { status: 429, headers: { 'retry-after': String(retryAfterS), 'x-retry-after': String(retryAfterS), 'cache-control': 'no-store' } },
  );
}
