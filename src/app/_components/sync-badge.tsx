/** The per-task Outlook sync dot: synced / pending / failed (error on hover) / not synced. */
import type { TaskSync } from '@/server/tasks';

const LABELS: Record<TaskSync['status'], string> = {
  synced: 'Synced with Outlook',
  pending: 'Waiting to sync with Outlook',
  failed: 'Sync failed',
  not_synced: 'Not synced to Outlook',
};

export function SyncBadge({ sync }: { sync: TaskSync }) {
  const label = sync.status === 'failed' && sync.error ? `${LABELS.failed}: ${sync.error}` : LABELS[sync.status];
  return <span className={`sync-dot ${sync.status}`} role="img" aria-label={label} title={label} data-sync={sync.status} />;
}
