'use client';
/** Failed jobs with a filter, a Retry per row and Retry all (guide §13's requeue as a button). */
import { useRouter } from 'next/navigation';
import { useMemo, useState, useTransition } from 'react';
import type { DashboardData } from '@/server/admin/admin-console';
import { retryAllFailedAction, retryJobAction } from './actions';
import { ago } from './format';
import styles from './admin.module.css';

type Job = DashboardData['failedJobs'][number];

function matches(job: Job, text: string, action: string): boolean {
  if (action && job.action !== action) return false;
  if (!text) return true;
  const hay = `${job.id} ${job.userId} ${job.lastErrorCode ?? ''} ${job.lastError ?? ''}`.toLowerCase();
  return hay.includes(text.toLowerCase());
}

export function FailedJobsTable({ jobs, nowIso }: { jobs: Job[]; nowIso: string }) {
  const router = useRouter();
  const [text, setText] = useState('');
  const [action, setAction] = useState('');
  const [notice, setNotice] = useState<{ ok: boolean; message: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const shown = useMemo(() => jobs.filter((j) => matches(j, text, action)), [jobs, text, action]);
  const actions = useMemo(() => [...new Set(jobs.map((j) => j.action))].sort(), [jobs]);

  const run = (work: () => Promise<{ ok: boolean; message: string }>) =>
    startTransition(async () => {
      setNotice(await work());
      router.refresh();
    });

  return (
    <section className={styles.panel} aria-labelledby="failed-jobs-title" data-testid="failed-jobs">
      <div className={styles.panelHeader}>
        <h2 id="failed-jobs-title" className={styles.panelTitle}>
          Failed jobs <span className={styles.countPill}>{jobs.length}</span>
        </h2>
        <div className={styles.toolbar}>
          <input className={styles.input} type="search" placeholder="Filter by error, code, user or id" value={text} onChange={(e) => setText(e.target.value)} aria-label="Filter failed jobs" />
          <select className={styles.input} value={action} onChange={(e) => setAction(e.target.value)} aria-label="Action">
            <option value="">All actions</option>
            {actions.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
          <button
            type="button"
            className="button primary"
            disabled={pending || jobs.length === 0}
            data-testid="retry-all"
            onClick={() => {
              if (window.confirm(`Move all ${jobs.length} failed jobs back to pending with attempts reset?`)) run(() => retryAllFailedAction());
            }}
          >
            Retry all
          </button>
        </div>
      </div>
      {notice && (
        <p className={notice.ok ? styles.noticeOk : styles.noticeError} role="status" data-testid="notice">
          {notice.message}
        </p>
      )}
      {shown.length === 0 ? (
        <p className={styles.emptyRow}>{jobs.length === 0 ? 'No failed jobs.' : 'No failed job matches the filter.'}</p>
      ) : (
        <div className={styles.tableWrap}>
          <table className={styles.table}>
            <thead>
              <tr>
                <th>Job</th>
                <th>Action</th>
                <th>User</th>
                <th className={styles.num}>Tries</th>
                <th>Failed</th>
                <th>Error</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {shown.map((j) => (
                <tr key={j.id} data-job-id={j.id}>
                  <td className={styles.mono}>#{j.id}</td>
                  <td>{j.action}</td>
                  <td className={styles.mono}>{j.userId}</td>
                  <td className={styles.num}>{j.attempts}</td>
                  <td title={j.failedAt}>{ago(j.failedAt, nowIso)}</td>
                  <td className={styles.errorCell}>
                    {j.lastErrorCode && <code>{j.lastErrorCode}</code>} {j.lastError ?? '—'}
                  </td>
                  <td>
                    <button type="button" className={`button ${styles.small}`} disabled={pending} onClick={() => run(() => retryJobAction(j.id))}>
                      Retry
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
