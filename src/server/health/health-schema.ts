/**
 * The documented shape of GET /api/integrations/outlook/health (guide §9).
 * The zod schema is the contract: the route's tests parse real responses with it,
 * and the dashboard and CLI read the inferred types.
 */
import { z } from 'zod';

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export const severitySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severitySchema>;

export const WARNING_CODES = [
  'high_backlog',
  'stale_pending_job',
  'failed_jobs',
  'refresh_token_missing',
  'missing_list_ids',
  'subscriptions_expired',
  'subscriptions_expiring',
  'subscriptions_failing',
  'stuck_jobs',
  'needs_reconnect',
  'lists_paused',
  'sync_conflicts',
] as const;
export const warningCodeSchema = z.enum(WARNING_CODES);
export type WarningCode = z.infer<typeof warningCodeSchema>;

export const healthWarningSchema = z.object({
  code: warningCodeSchema,
  severity: severitySchema,
  message: z.string().min(1),
  count: z.number().int().nonnegative().optional(),
});
export type HealthWarning = z.infer<typeof healthWarningSchema>;

const isoDate = z.iso.datetime({ offset: true });
const count = z.number().int().nonnegative();

export const jobRefSchema = z.object({
  id: z.string(),
  action: z.string(),
  userId: z.string(),
});

export const healthReportSchema = z.object({
  status: z.enum(['ok', ...SEVERITIES]),
  generatedAt: isoDate,
  connections: z.object({
    total: count,
    /** Access tokens expiring within thresholds.tokenExpiryWindowMin (the guide's "within the hour"). */
    tokensExpiring: count,
    tokensExpired: count,
    needingReconnect: count,
    /** Connections (not already needing a reconnect) with no refresh token stored: they stop syncing when the access token runs out. */
    refreshTokenMissing: count,
    /** Connected (first full sync done) but without a default To Do list. */
    missingDefaultList: count,
  }),
  lists: z.object({
    active: count,
    pausedByDeleteGuard: count,
    missingListIds: count,
    /** failing: lists whose subscription could not be made or renewed (their changes wait for the safety net). */
    subscriptions: z.object({ active: count, expired: count, expiringSoon: count, failing: count }),
  }),
  queue: z.object({
    pending: count,
    pendingDue: count,
    processing: count,
    failed: count,
    /** processing jobs whose lease (locked_until) has passed. */
    stuckProcessing: count,
    oldestPending: jobRefSchema
      .extend({ createdAt: isoDate, scheduledAt: isoDate, ageSeconds: count })
      .nullable(),
  }),
  lastCompletedJob: jobRefSchema.extend({ completedAt: isoDate }).nullable(),
  lastFailure: jobRefSchema
    .extend({
      failedAt: isoDate,
      lastError: z.string().nullable(),
      lastErrorCode: z.string().nullable(),
      attempts: count,
    })
    .nullable(),
  conflicts: z.object({ open: count }),
  thresholds: z.object({
    backlog: count,
    oldestPendingMaxMin: count,
    failedJobs: count,
    tokenExpiryWindowMin: count,
    subscriptionExpiryWindowMin: count,
  }),
  warnings: z.array(healthWarningSchema),
});
export type HealthReport = z.infer<typeof healthReportSchema>;
export type HealthThresholds = HealthReport['thresholds'];
