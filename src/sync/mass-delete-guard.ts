/**
 * The mass-delete circuit breaker (vdirsyncer's StorageEmpty; decision 0019). Before the pull
 * applies a batch of remote deletions to one list's project, ask whether to PAUSE that list
 * instead (set project_outlook_lists.sync_paused_at/reason and raise a warning): a bad token,
 * an empty response or a reset delta must not wipe Planner.
 */

export interface MassDeleteGuardInput {
  /** 'reset' = full resync after 410 / syncStateNotFound / resyncRequired; else 'incremental'. */
  mode: 'incremental' | 'reset';
  /** Planner tasks currently mapped to this list. */
  mappedTaskCount: number;
  /** Planner tasks this batch would delete. */
  deletionCount: number;
  /** Tasks the list would hold after the batch (what Graph reports as present). */
  remainingTaskCount: number;
  /** The user or operator confirmed the deletions (resume with force). */
  force?: boolean;
}

export interface MassDeleteGuardOptions {
  /** Pause when the list comes back empty while we hold at least this many mapped tasks. */
  emptyListMinMapped: number;
  /** Pause a reset that would delete more than this fraction of the mapped tasks… */
  resetMaxDeleteFraction: number;
  /** …and at least this many of them. */
  resetMinDeletions: number;
}

export const DEFAULT_MASS_DELETE_GUARD: MassDeleteGuardOptions = {
  emptyListMinMapped: 3,
  resetMaxDeleteFraction: 0.5,
  resetMinDeletions: 5,
};

export type MassDeleteReason = 'list-empty' | 'reset-mass-delete';

export type MassDeleteDecision = { kind: 'allow' } | { kind: 'pause'; reason: MassDeleteReason; message: string };

/** Allow the batch, or pause the list with a reason a person can read. */
export function checkMassDelete(input: MassDeleteGuardInput, options: MassDeleteGuardOptions = DEFAULT_MASS_DELETE_GUARD): MassDeleteDecision {
  const { mode, mappedTaskCount, deletionCount, remainingTaskCount } = input;
  if (deletionCount <= 0 || input.force) return { kind: 'allow' };
  if (remainingTaskCount <= 0 && mappedTaskCount >= options.emptyListMinMapped) {
    return pause('list-empty', `the list came back empty while ${mappedTaskCount} tasks are linked to it; nothing was deleted`);
  }
  const fraction = mappedTaskCount > 0 ? deletionCount / mappedTaskCount : 1;
  if (mode === 'reset' && deletionCount >= options.resetMinDeletions && fraction > options.resetMaxDeleteFraction) {
    const percent = Math.round(fraction * 100);
    return pause('reset-mass-delete', `a full resync would delete ${deletionCount} of ${mappedTaskCount} linked tasks (${percent}%); nothing was deleted`);
  }
  return { kind: 'allow' };
}

function pause(reason: MassDeleteReason, message: string): MassDeleteDecision {
  return { kind: 'pause', reason, message };
}
