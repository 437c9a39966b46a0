import { describe, expect, it } from 'vitest';
import type { WarningCode } from './health-schema';
import { DEFAULT_THRESHOLDS } from './thresholds';
import { deriveWarnings, overallStatus, severityAtLeast, type HealthFigures } from './warning-rules';

function healthy(): HealthFigures {
  return {
    connections: { total: 3, tokensExpiring: 0, tokensExpired: 0, needingReconnect: 0, refreshTokenMissing: 0, missingDefaultList: 0 },
    lists: { active: 4, pausedByDeleteGuard: 0, missingListIds: 0, subscriptions: { active: 4, expired: 0, expiringSoon: 0, failing: 0 } },
    queue: { pending: 0, pendingDue: 0, processing: 0, failed: 0, stuckProcessing: 0, oldestPending: null },
    conflicts: { open: 0 },
  };
}

const codes = (f: HealthFigures, t = DEFAULT_THRESHOLDS) => deriveWarnings(f, t).map((w) => w.code);

const cases: [WarningCode, (f: HealthFigures) => void][] = [
  ['high_backlog', (f) => (f.queue.pending = 100)],
  [
    'stale_pending_job',
    (f) =>
      (f.queue.oldestPending = {
        id: '1',
        action: 'create',
        userId: 'u',
        createdAt: '2025-01-01T00:00:00.000Z',
        scheduledAt: '2025-01-01T00:00:00.000Z',
        ageSeconds: 30 * 60,
      }),
  ],
  ['failed_jobs', (f) => (f.queue.failed = 1)],
  ['refresh_token_missing', (f) => (f.connections.refreshTokenMissing = 1)],
  ['missing_list_ids', (f) => (f.connections.missingDefaultList = 1)],
  ['subscriptions_expired', (f) => (f.lists.subscriptions.expired = 1)],
  ['subscriptions_expiring', (f) => (f.lists.subscriptions.expiringSoon = 1)],
  ['subscriptions_failing', (f) => (f.lists.subscriptions.failing = 1)],
  ['stuck_jobs', (f) => (f.queue.stuckProcessing = 1)],
  ['needs_reconnect', (f) => (f.connections.needingReconnect = 1)],
  ['lists_paused', (f) => (f.lists.pausedByDeleteGuard = 1)],
  ['sync_conflicts', (f) => (f.conflicts.open = 5)],
];

describe('deriveWarnings', () => {
  it('raises nothing for a healthy system', () => {
    expect(codes(healthy())).toEqual([]);
    expect(overallStatus([])).toBe('ok');
  });

  it.each(cases)('raises %s exactly when its condition holds', (code, breakIt) => {
    const figures = healthy();
    breakIt(figures);
    expect(codes(figures)).toEqual([code]);
  });

  it('stays quiet about access tokens that expire as they normally do (refreshed on use)', () => {
    const f = healthy();
    // Right after connecting, every access token expires within the hour window.
    f.connections.tokensExpiring = 3;
    f.connections.tokensExpired = 2;
    expect(codes(f)).toEqual([]);
    expect(overallStatus(deriveWarnings(f, DEFAULT_THRESHOLDS))).toBe('ok');
  });

  it('warns when a connection cannot refresh its access token', () => {
    const f = healthy();
    f.connections.refreshTokenMissing = 2;
    expect(deriveWarnings(f, DEFAULT_THRESHOLDS)).toEqual([
      expect.objectContaining({ code: 'refresh_token_missing', severity: 'warning', count: 2 }),
    ]);
  });

  it('stays quiet just under each threshold', () => {
    const f = healthy();
    f.queue.pending = 99;
    f.queue.oldestPending = {
      id: '1',
      action: 'create',
      userId: 'u',
      createdAt: '2025-01-01T00:00:00.000Z',
      scheduledAt: '2025-01-01T00:00:00.000Z',
      ageSeconds: 30 * 60 - 1,
    };
    expect(codes(f)).toEqual([]);
    expect(codes({ ...f, queue: { ...f.queue, failed: 2 } }, { ...DEFAULT_THRESHOLDS, failedJobs: 3 })).toEqual([]);
  });

  it('counts what it warns about and ranks severities', () => {
    const f = healthy();
    f.queue.failed = 7;
    f.lists.subscriptions.expired = 2;
    const warnings = deriveWarnings(f, DEFAULT_THRESHOLDS);
    expect(warnings.find((w) => w.code === 'failed_jobs')).toMatchObject({ count: 7, severity: 'warning' });
    expect(warnings.find((w) => w.code === 'subscriptions_expired')).toMatchObject({ count: 2, severity: 'critical' });
    expect(overallStatus(warnings)).toBe('critical');
    expect(severityAtLeast('info', 'warning')).toBe(false);
    expect(severityAtLeast('critical', 'warning')).toBe(true);
  });
});
