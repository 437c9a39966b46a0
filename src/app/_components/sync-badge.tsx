/**
 * The per-task Outlook sync mark: a dot for synced / pending / not synced, and
 * for a failure a short red label too, with the error on hover.
 */
import type { TaskSync } from '@/server/tasks';

const LABELS: Record<TaskSync['status'], string> = {
  synced: 'Synced with Outlook',
  pending: 'Waiting to sync with Outlook',
  failed: 'Sync failed',
  not_synced: 'Not synced to Outlook',
};

export function SyncBadge({ sync }: { sync: TaskSync }) {
  const label = sync.status === 'failed' && sync.error ? `${LABELS.failed}: ${sync.error}` : LABELS[sync.status];
  return (
    <span className="sync-badge" title={label}>
      {sync.status === 'failed' ? (
        <span className="sync-label" aria-hidden="true">
          Sync failed
        </span>
      ) : null}
      <span className={`sync-dot ${sync.status}`} role="img" aria-label={label} title={label} data-sync={sync.status} />
    </span>
  );
}
