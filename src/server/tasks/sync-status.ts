/**
 * Per-task sync status shown once Outlook is connected (pure rule, no I/O):
 *  - pending: a job for the task is queued or running, or edits are not pushed yet;
 *  - failed:  its latest job failed (or the last push recorded an error);
 *  - synced:  the last push carried the task's current version;
 *  - not_synced: nothing queued and never pushed (e.g. a closed project's task).
 */
export type TaskSyncStatus = 'synced' | 'pending' | 'failed' | 'not_synced';

export interface TaskSyncFacts {
  version: number;
  /** Status of the newest job for this task, if any. */
  latestJob?: { status: string; last_error: string | null };
  /** task_sync_state row, if the task was ever pushed or pulled. */
  state?: { synced_version: number; last_error: string | null; graph_task_id: string | null };
}

export interface TaskSync {
  status: TaskSyncStatus;
  error: string | null;
}

export function deriveTaskSync(facts: TaskSyncFacts): TaskSync {
  const job = facts.latestJob;
  if (job && (job.status === 'pending' || job.status === 'processing')) return { status: 'pending', error: null };
  if (job?.status === 'failed') return { status: 'failed', error: job.last_error ?? 'Sync failed' };
  const state = facts.state;
  if (state?.last_error) return { status: 'failed', error: state.last_error };
  if (state?.graph_task_id && state.synced_version >= facts.version) return { status: 'synced', error: null };
  if (state?.graph_task_id) return { status: 'pending', error: null };
  return { status: 'not_synced', error: null };
}
