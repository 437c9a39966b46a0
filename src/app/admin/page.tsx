/** /admin: the operator dashboard (health report, charts, failed jobs, connections). Operators only (`planner admin grant`). */
import type { Metadata } from 'next';
import Link from 'next/link';
import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { AdminAccessError, loadAdminDashboard, type DashboardData } from '@/server/admin/admin-console';
import { ConnectionsTable } from './connections-table';
import { FailedJobsTable } from './failed-jobs-table';
import { HealthCards, WarningList } from './health-cards';
import { OpsCharts } from './ops-charts';
import { RefreshButton } from './refresh-button';
import styles from './admin.module.css';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Operations · Planner', robots: { index: false } };

async function load(): Promise<DashboardData> {
  try {
    return await loadAdminDashboard(await headers());
  } catch (error) {
    if (error instanceof AdminAccessError && error.reason === 'signed_out') redirect('/sign-in?next=/admin');
    if (error instanceof AdminAccessError) notFound();
    throw error;
  }
}

export default async function AdminPage() {
  const data = await load();
  const { report } = data;
  return (
    <main className={styles.page} data-testid="admin-dashboard">
      <header className={styles.header}>
        <div className={styles.heading}>
          <Link href="/" className="brand">
            Planner
          </Link>
          <span className={styles.crumb}>Operations</span>
        </div>
        <div className={styles.headerRight}>
          <span className={`${styles.status} ${styles[`status_${report.status}`]}`} data-testid="overall-status">
            {report.status === 'ok' ? 'All good' : report.status}
          </span>
          <RefreshButton generatedAt={report.generatedAt} />
        </div>
      </header>
      <WarningList warnings={report.warnings} />
      <HealthCards report={report} />
      <OpsCharts charts={data.charts} window={data.window} />
      <FailedJobsTable jobs={data.failedJobs} nowIso={report.generatedAt} />
      <ConnectionsTable connections={data.connections} nowIso={report.generatedAt} />
    </main>
  );
}
