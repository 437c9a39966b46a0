/**
 * Options of startEmulator and their defaults. Every knob a test may want to turn
 * (limits, clock speed, quirks, page sizes) lives here; the control API changes the
 * mutable parts (quirks, throttle limits, faults) at run time.
 */
import type { FaultRule, Quirks, ThrottleLimits } from './control-types';

export interface ClientRegistration {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export interface EmulatorOptions {
  /** Port to listen on; default 0 (random). */
  port?: number;
  /** Host to bind; default 127.0.0.1. */
  host?: string;
  /** App registrations the identity platform accepts. */
  clients?: ClientRegistration[];
  /** Real Graph demands https notification URLs; tests and the sandbox allow http to loopback. */
  allowHttpNotificationUrls?: boolean;
  /** Persist state here (npm start); loaded at start when present. */
  stateFile?: string;
  /** /authorize redirects straight back with a code, no consent page (tests). */
  autoApprove?: boolean;
  /** Access token lifetime; default 3600 s (Graph says expires_in ≈ 3599). */
  accessTokenTtlSeconds?: number;
  /** Refresh token inactivity lifetime; default 90 days (docs/graph-facts.md §6). */
  refreshTokenTtlSeconds?: number;
  /** Authorization code lifetime; default 600 s (docs/graph-facts.md §6: about 10 min). */
  authCodeTtlSeconds?: number;
  /** Emulated time runs this many times faster than real time (expiries, throttle windows, retries). */
  timeScale?: number;
  /** Per-mailbox throttling (docs/graph-facts.md §4); partial values override the defaults. */
  throttle?: Partial<ThrottleLimits>;
  /** Quirks switched on or off at start; partial values override the defaults. */
  quirks?: Partial<Quirks>;
  /** Fault rules installed at start (Dev Proxy style). */
  faults?: FaultRule[];
  /** Simulated Graph latency per request in ms: a number or [min, max]. Default 0. */
  latencyMs?: number | [number, number];
  /** Default page sizes when the client asks for none. */
  pageSizes?: Partial<PageSizes>;
  /** Notification delivery tuning. */
  notifications?: Partial<NotificationTuning>;
  /** Seed for the emulator's random choices (fault rates, fractional Retry-After). */
  seed?: number;
  /** Create the sandbox account when the state has no user; default true. */
  sandboxUser?: { email: string; displayName: string } | false;
}

export interface PageSizes {
  lists: number;
  tasks: number;
  delta: number;
  maxTop: number;
}

export interface NotificationTuning {
  /** Wait this long after the first pending change before POSTing, so changes pile up. */
  batchDelayMs: number;
  maxPerPost: number;
  /** A receiver answering slower than this counts as failed (docs/graph-facts.md §3: 3 s). */
  responseTimeoutMs: number;
  /** First retry delay; doubles each attempt (real ms, divided by timeScale). */
  retryBaseMs: number;
  retryMaxDelayMs: number;
  /** Give up after this much emulated time (docs/graph-facts.md §3: 4 h). */
  retryHorizonMs: number;
  /** Validation handshake deadline (docs/graph-facts.md §3: 10 s). */
  validationTimeoutMs: number;
}

export const DEFAULT_QUIRKS: Quirks = {
  listsTruncatedTo: null,
  deletedListAcceptsTaskPosts: false,
  deletedListDeltaEmpty: false,
  deltaLinkTtlMinutes: null,
  deltaTopRejected: true,
  partialDeltaUpdates: false,
  deltaRepeatsItems: false,
  removedInInitialRound: false,
  deadDeltaLinkAnswer: 'gone',
  notificationLossRate: 0,
  notificationDuplicateRate: 0,
  notificationLateRate: 0,
  notificationLateMs: [30_000, 15 * 60_000],
  notificationsReordered: false,
  fractionalRetryAfter: true,
  completedDateTimeUtcMidnight: true,
  recurringCompletionCreatesCopy: true,
  recurringDueDateWriteSplitsSeries: true,
  reauthorizationOnRevoke: true,
};

/**
 * Every documented variability of Graph at once (issue 14 §5), for hostile runs: partial
 * and repeated delta items, `@removed` in first rounds, deleted lists that take POSTs and
 * answer empty deltas, delta links that die within seconds, `/lists` cut to one list,
 * fractional Retry-After, notifications lost, duplicated, late (under a second, so a
 * test's wait for idle sees them) and reordered; recurring tasks that split when their due
 * date is written and roll forward with a completed copy when completed.
 */
export const HOSTILE_QUIRKS: Partial<Quirks> = {
  listsTruncatedTo: 1,
  deletedListAcceptsTaskPosts: true,
  deletedListDeltaEmpty: true,
  deltaLinkTtlMinutes: 0.05,
  partialDeltaUpdates: true,
  deltaRepeatsItems: true,
  removedInInitialRound: true,
  deadDeltaLinkAnswer: 'mixed',
  fractionalRetryAfter: true,
  notificationLossRate: 0.1,
  notificationDuplicateRate: 0.2,
  notificationLateRate: 0.2,
  notificationLateMs: [50, 600],
  notificationsReordered: true,
  recurringCompletionCreatesCopy: true,
  recurringDueDateWriteSplitsSeries: true,
};

export const DEFAULT_THROTTLE: ThrottleLimits = {
  maxConcurrentPerMailbox: 4,
  maxRequestsPerWindow: 10_000,
  windowSeconds: 600,
};

/** lists/tasks: 50, as measured in 2026 (docs/graph-facts.md §1: a 2026 report); delta: 10, undocumented, kept small so paging is exercised. */
export const DEFAULT_PAGE_SIZES: PageSizes = { lists: 50, tasks: 50, delta: 10, maxTop: 1000 };

export const DEFAULT_NOTIFICATIONS: NotificationTuning = {
  batchDelayMs: 25,
  maxPerPost: 50,
  responseTimeoutMs: 3_000,
  retryBaseMs: 1_000,
  retryMaxDelayMs: 60_000,
  retryHorizonMs: 4 * 3600_000,
  validationTimeoutMs: 10_000,
};

export const SANDBOX_USER = { email: 'sandbox@planner.test', displayName: 'Sandbox User' };

export interface ResolvedOptions {
  port: number;
  host: string;
  clients: ClientRegistration[];
  allowHttpNotificationUrls: boolean;
  stateFile?: string;
  autoApprove: boolean;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  authCodeTtlSeconds: number;
  timeScale: number;
  latencyMs: [number, number];
  pageSizes: PageSizes;
  notifications: NotificationTuning;
  seed: number;
  sandboxUser: { email: string; displayName: string } | false;
}

export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
  const latency = options.latencyMs ?? 0;
  return {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    clients: options.clients ?? [],
    allowHttpNotificationUrls: options.allowHttpNotificationUrls ?? false,
    stateFile: options.stateFile,
    autoApprove: options.autoApprove ?? false,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? 90 * 24 * 3600,
    authCodeTtlSeconds: options.authCodeTtlSeconds ?? 600,
    timeScale: options.timeScale ?? 1,
    latencyMs: typeof latency === 'number' ? [latency, latency] : latency,
    pageSizes: { ...DEFAULT_PAGE_SIZES, ...options.pageSizes },
    notifications: { ...DEFAULT_NOTIFICATIONS, ...options.notifications },
    seed: options.seed ?? 20240601,
    sandboxUser: options.sandboxUser === undefined ? SANDBOX_USER : options.sandboxUser,
  };
}
