'use client';
/** Connections: state, last sync, subscription expiry, queue per user, Sync now. */
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import type { DashboardData } from '@/server/admin/admin-console';
import { syncNowAction } from './actions';
import { ago } from './format';
import styles from './admin.module.css';

type Connection = DashboardData['connections'][number];

function StateBadge({ c }: { c: Connection }) {
  if (c.needsReconnect) return <span className={`${styles.badge} ${styles.badgeDanger}`} title={c.reconnectReason ?? undefined}>Reconnect needed</span>;
  if (c.pausedLists > 0) return <span className={`${styles.badge} ${styles.badgeWarn}`}>{c.pausedLists} list{c.pausedLists === 1 ? '' : 's'} paused</span>;
  return <span className={`${styles.badge} ${styles.badgeOk}`}>Connected</span>;
}

function expiryClass(iso: string | null, nowIso: string): string {
  if (!iso) return '';
  const left = Date.parse(iso) - Date.parse(nowIso);
  return left < 0 ? styles.textDanger : left < 2 * 3600_000 ? styles.textWarn : '';
}

export function ConnectionsTable({ connections, nowIso }: { connections: Connection[]; nowIso: string }) {
  const router = useRouter();
  const [notice, setNotice] = useState<{ ok: boolean; message: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const syncNow = (userId: string) =>
    startTransition(async () => {
      setNotice(await syncNowAction(userId));
      router.refresh();
    });
  return (
    <section className={styles.panel} aria-labelledby="connections-title" data-testid="connections">
      <div className={styles.panelHeader}>
        <h2 id="connections-title" className={styles.panelTitle}>
          Connections <span className={styles.countPill}>{connections.length}</span>
        </h2>
      </div>
      {notice && (
        <p className={notice.ok ? styles.noticeOk : styles.noticeError} role="status">
          {notice.message}
        </p>
      )}
      {connections.length === 0 ? (
        <p className={styles.emptyRow}>Nobody has connected Outlook yet.</p>
      ) : (
        <div className={styles.tableWrap}>
          <table className={styles.table}>
            <thead>
              <tr>
                <th>Account</th>
                <th>State</th>
                <th>Last sync</th>
                <th>Subscription expiry</th>
                <th className={styles.num}>Lists</th>
                <th className={styles.num}>Pending</th>
                <th className={styles.num}>Failed</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {connections.map((c) => (
                <tr key={c.userId} data-user-id={c.userId}>
                  <td>
                    <div>{c.displayName ?? c.email ?? c.userId}</div>
                    <div className={styles.subtle}>{c.email && c.displayName ? c.email : c.userId}</div>
                  </td>
                  <td>
                    <StateBadge c={c} />
                  </td>
                  <td title={c.lastSyncAt ?? undefined}>
                    {ago(c.lastSyncAt, nowIso)}
                    {c.lastError && <div className={`${styles.subtle} ${styles.textDanger}`}>{c.lastError}</div>}
                  </td>
                  <td className={expiryClass(c.subscriptionExpiresAt, nowIso)} title={c.subscriptionExpiresAt ?? undefined}>
                    {c.subscriptionExpiresAt ? ago(c.subscriptionExpiresAt, nowIso) : '—'}
                  </td>
                  <td className={styles.num}>{c.lists}</td>
                  <td className={styles.num}>{c.pendingJobs}</td>
                  <td className={`${styles.num} ${c.failedJobs ? styles.textDanger : ''}`}>{c.failedJobs}</td>
                  <td>
                    <button type="button" className={`button ${styles.small}`} disabled={pending || c.needsReconnect} onClick={() => syncNow(c.userId)} title={c.needsReconnect ? 'The user must reconnect Outlook first' : 'Queue a full sync'}>
                      Sync now
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
