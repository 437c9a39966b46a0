/**
 * Pure warning rules of the health report (guide §9): figures + thresholds in,
 * typed warnings out. No I/O and no clock, so each rule is unit-tested alone.
 */
import type { HealthReport, HealthThresholds, HealthWarning, Severity } from './health-schema';

export type HealthFigures = Pick<HealthReport, 'connections' | 'lists' | 'queue' | 'conflicts'>;

type Rule = (f: HealthFigures, t: HealthThresholds) => HealthWarning | undefined;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "1 subscription expires" / "2 subscriptions expire". */
const verb = (n: number, one: string, many: string) => (n === 1 ? one : many);

const when = (condition: boolean, warning: HealthWarning): HealthWarning | undefined =>
  condition ? warning : undefined;

export const WARNING_RULES: Rule[] = [
  (f, t) =>
    when(f.queue.pending >= t.backlog, {
      code: 'high_backlog',
      severity: 'warning',
      message: `${plural(f.queue.pending, 'job')} pending (threshold ${t.backlog}): drain the queue or check the worker`,
      count: f.queue.pending,
    }),
  (f, t) => {
    const oldest = f.queue.oldestPending;
    return when(!!oldest && oldest.ageSeconds >= t.oldestPendingMaxMin * 60, {
      code: 'stale_pending_job',
      severity: 'warning',
      message: `Oldest pending job has waited ${Math.floor((oldest?.ageSeconds ?? 0) / 60)} min (limit ${t.oldestPendingMaxMin} min)`,
      count: 1,
    });
  },
  (f, t) =>
    when(f.queue.failed >= t.failedJobs, {
      code: 'failed_jobs',
      severity: 'warning',
      message: `${plural(f.queue.failed, 'failed job')}: inspect last_error, then retry`,
      count: f.queue.failed,
    }),
  // Access tokens last about an hour and are refreshed on use, so one expiring (or expired
  // on an idle connection) is normal; only a connection that cannot refresh is trouble.
  // A refresh token Microsoft rejected is needs_reconnect below.
  (f) =>
    when(f.connections.refreshTokenMissing > 0, {
      code: 'refresh_token_missing',
      severity: 'warning',
      message: `${plural(f.connections.refreshTokenMissing, 'connection')} without a stored refresh token: syncing stops when the access token expires; the user must reconnect Outlook`,
      count: f.connections.refreshTokenMissing,
    }),
  (f) => {
    const missing = f.lists.missingListIds + f.connections.missingDefaultList;
    return when(missing > 0, {
      code: 'missing_list_ids',
      severity: 'warning',
      message: `${plural(missing, 'list mapping')} without a To Do list id`,
      count: missing,
    });
  },
  (f) =>
    when(f.lists.subscriptions.expired > 0, {
      code: 'subscriptions_expired',
      severity: 'critical',
      message: `${plural(f.lists.subscriptions.expired, 'subscription')} expired: webhooks are not arriving, renew subscriptions`,
      count: f.lists.subscriptions.expired,
    }),
  (f, t) =>
    when(f.lists.subscriptions.expiringSoon > 0, {
      code: 'subscriptions_expiring',
      severity: 'warning',
      message: `${plural(f.lists.subscriptions.expiringSoon, 'subscription')} ${verb(f.lists.subscriptions.expiringSoon, 'expires', 'expire')} within ${t.subscriptionExpiryWindowMin} min: is renewal running?`,
      count: f.lists.subscriptions.expiringSoon,
    }),
  (f) =>
    when(f.lists.subscriptions.failing > 0, {
      code: 'subscriptions_failing',
      severity: 'warning',
      message: `${plural(f.lists.subscriptions.failing, 'list')} without a working subscription (Graph refused to make or renew it): changes made in Outlook there wait for the safety net; see the worker log, then \`npm run planner -- subscriptions renew\``,
      count: f.lists.subscriptions.failing,
    }),
  (f) =>
    when(f.queue.stuckProcessing > 0, {
      code: 'stuck_jobs',
      severity: 'warning',
      message: `${plural(f.queue.stuckProcessing, 'job')} stuck in processing past the lease (a worker died?)`,
      count: f.queue.stuckProcessing,
    }),
  (f) =>
    when(f.connections.needingReconnect > 0, {
      code: 'needs_reconnect',
      severity: 'warning',
      message: `${plural(f.connections.needingReconnect, 'connection')} ${verb(f.connections.needingReconnect, 'needs', 'need')} the user to reconnect Outlook`,
      count: f.connections.needingReconnect,
    }),
  (f) =>
    when(f.lists.pausedByDeleteGuard > 0, {
      code: 'lists_paused',
      severity: 'warning',
      message: `${plural(f.lists.pausedByDeleteGuard, 'list')} paused by the mass-delete guard: review and resume`,
      count: f.lists.pausedByDeleteGuard,
    }),
  (f) =>
    when(f.conflicts.open > 0, {
      code: 'sync_conflicts',
      severity: 'info',
      message: `${plural(f.conflicts.open, 'sync conflict')} recorded`,
      count: f.conflicts.open,
    }),
];

/** Every warning whose condition holds, in rule order. */
export function deriveWarnings(figures: HealthFigures, thresholds: HealthThresholds): HealthWarning[] {
  return WARNING_RULES.map((rule) => rule(figures, thresholds)).filter((w): w is HealthWarning => !!w);
}

const RANK: Record<Severity, number> = { info: 1, warning: 2, critical: 3 };

export function severityAtLeast(severity: Severity, minimum: Severity): boolean {
  return RANK[severity] >= RANK[minimum];
}

/** 'ok' when there are no warnings, else the highest severity. */
export function overallStatus(warnings: HealthWarning[]): HealthReport['status'] {
  let best: Severity | undefined;
  for (const w of warnings) if (!best || RANK[w.severity] > RANK[best]) best = w.severity;
  return best ?? 'ok';
}
