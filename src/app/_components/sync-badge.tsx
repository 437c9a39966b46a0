/**
 * The per-task Outlook sync mark: a dot for synced / pending / not synced, and
 * for a failure a short red label too, with the error on hover. SyncLegend, under
 * a list, says what each dot means (a hover title alone is found by few and never on touch).
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

const LEGEND: { status: TaskSync['status']; text: string }[] = [
  { status: 'synced', text: 'in Outlook' },
  { status: 'pending', text: 'on its way' },
  { status: 'failed', text: 'failed (hover for why)' },
  { status: 'not_synced', text: 'not synced' },
];

export function SyncLegend() {
  return (
    <div className="sync-legend" role="note" aria-label="What the sync dots mean">
      <span className="sync-legend-title">Outlook sync:</span>
      {LEGEND.map((item) => (
        <span key={item.status} className="sync-legend-item">
          <span className={`sync-dot ${item.status}`} aria-hidden="true" />
          {item.text}
        </span>
      ))}
    </div>
  );
}
