/** The §9 figures as cards, and the warnings as a list. Pure rendering (server or client). */
import type { HealthReport, HealthWarning } from '@/server/health/health-schema';
import { ago, count, span } from './format';
import styles from './admin.module.css';

type Tone = 'neutral' | 'ok' | 'warn' | 'danger';

function Card({ label, value, detail, tone = 'neutral', testId }: { label: string; value: string; detail?: string; tone?: Tone; testId: string }) {
  return (
    <div className={`${styles.card} ${styles[`tone_${tone}`]}`} data-testid={testId}>
      <div className={styles.cardLabel}>{label}</div>
      <div className={styles.cardValue}>{value}</div>
      {detail && <div className={styles.cardDetail}>{detail}</div>}
    </div>
  );
}

const toneIf = (bad: boolean, tone: Tone = 'warn'): Tone => (bad ? tone : 'ok');

export function HealthCards({ report: r }: { report: HealthReport }) {
  const now = r.generatedAt;
  const oldest = r.queue.oldestPending;
  const subs = r.lists.subscriptions;
  return (
    <section className={styles.cards} aria-label="Health figures">
      <Card testId="card-pending" label="Pending jobs" value={count(r.queue.pending)} detail={`${count(r.queue.pendingDue)} due now`} tone={toneIf(r.queue.pending >= r.thresholds.backlog)} />
      <Card testId="card-processing" label="Processing" value={count(r.queue.processing)} detail={r.queue.stuckProcessing ? `${r.queue.stuckProcessing} past their lease` : 'none stuck'} tone={toneIf(r.queue.stuckProcessing > 0)} />
      <Card testId="card-failed" label="Failed jobs" value={count(r.queue.failed)} detail={r.lastFailure ? `last ${ago(r.lastFailure.failedAt, now)}` : 'none'} tone={toneIf(r.queue.failed >= r.thresholds.failedJobs, 'danger')} />
      <Card testId="card-oldest" label="Oldest pending" value={oldest ? span(oldest.ageSeconds) : '—'} detail={oldest ? `#${oldest.id} ${oldest.action}` : 'queue empty'} tone={toneIf(!!oldest && oldest.ageSeconds >= r.thresholds.oldestPendingMaxMin * 60)} />
      <Card testId="card-last-completed" label="Last completed" value={r.lastCompletedJob ? ago(r.lastCompletedJob.completedAt, now) : '—'} detail={r.lastCompletedJob ? `#${r.lastCompletedJob.id} ${r.lastCompletedJob.action}` : 'no job yet'} />
      <Card testId="card-connections" label="Connections" value={count(r.connections.total)} detail={r.connections.needingReconnect ? `${r.connections.needingReconnect} need reconnect` : 'all connected'} tone={toneIf(r.connections.needingReconnect > 0)} />
      <Card testId="card-tokens" label="Tokens expiring" value={count(r.connections.tokensExpiring)} detail={`within ${r.thresholds.tokenExpiryWindowMin} min · refreshed on use`} />
      <Card testId="card-lists" label="Active lists" value={count(r.lists.active)} detail={r.lists.pausedByDeleteGuard ? `${r.lists.pausedByDeleteGuard} paused by delete guard` : 'none paused'} tone={toneIf(r.lists.pausedByDeleteGuard > 0 || r.lists.missingListIds > 0)} />
      <Card testId="card-subscriptions" label="Subscriptions" value={count(subs.active + subs.expiringSoon)} detail={`${subs.expiringSoon} expiring · ${subs.expired} expired${subs.failing ? ` · ${subs.failing} failing` : ''}`} tone={subs.expired ? 'danger' : toneIf(subs.expiringSoon + subs.failing > 0)} />
      <Card testId="card-conflicts" label="Sync conflicts" value={count(r.conflicts.open)} detail="open" />
      {r.lastFailure && (
        <div className={`${styles.card} ${styles.cardWide} ${styles.tone_danger}`} data-testid="card-last-failure">
          <div className={styles.cardLabel}>Last failure · #{r.lastFailure.id} {r.lastFailure.action} · {ago(r.lastFailure.failedAt, now)}</div>
          <div className={styles.errorText}>
            {r.lastFailure.lastErrorCode && <code>{r.lastFailure.lastErrorCode}</code>} {r.lastFailure.lastError ?? 'no message'}
          </div>
        </div>
      )}
    </section>
  );
}

const SEVERITY_LABEL = { info: 'Info', warning: 'Warning', critical: 'Critical' } as const;

export function WarningList({ warnings }: { warnings: HealthWarning[] }) {
  if (warnings.length === 0) {
    return (
      <p className={styles.allClear} data-testid="no-warnings">
        No warnings. The queue is moving and every subscription is current.
      </p>
    );
  }
  return (
    <ul className={styles.warnings} aria-label="Warnings" data-testid="warnings">
      {warnings.map((w) => (
        <li key={w.code} className={`${styles.warning} ${styles[`sev_${w.severity}`]}`} data-code={w.code}>
          <span className={styles.sevBadge}>{SEVERITY_LABEL[w.severity]}</span>
          <span className={styles.warningText}>{w.message}</span>
          <code className={styles.warningCode}>{w.code}</code>
        </li>
      ))}
    </ul>
  );
}
