/**
 * What one full_sync (To Do → Planner) carries besides the sync context: its options and
 * the summary it counts into. Flat: a PullContext is a SyncContext with two more fields.
 */
import type { MassDeleteGuardOptions } from '../../sync/mass-delete-guard';
import type { SubscriptionConfig } from '../subscriptions/subscription-config';
import type { SyncContext } from '../sync-context';

export interface FullSyncOptions {
  /** Lists (graph_list_id) whose deletions a person confirmed: the mass-delete guard lets them pass. */
  forceLists?: string[];
  /**
   * Pull only these lists (graph_list_id): the ones a notification named (issue 15 §3).
   * Undefined = every list (a whole full_sync, which also resets the safety net's clock).
   */
  lists?: string[];
  /** A pull aimed at some lists reads the lists delta only when older than this (OUTLOOK_LISTS_DELTA_INTERVAL_MIN; default 15). */
  listsDeltaIntervalMin?: number;
  massDeleteGuard?: MassDeleteGuardOptions;
  /** Overrides of the subscription settings (tests); default: from the environment. The pull's context carries them. */
  subscriptions?: Partial<SubscriptionConfig>;
  /**
   * A project being closed, whose list is about to be archived (deleted in Outlook): its
   * list is pulled one last time and still takes changes, so a task created in it or
   * moved into it in Outlook before the close is kept in Planner, not deleted with it.
   */
  closingProjectId?: string;
}

/** Counts of what one full_sync did (the job's result). */
export interface FullSyncSummary {
  listsPulled: number;
  created: number;
  updated: number;
  deleted: number;
  restored: number;
  moved: number;
  conflicts: number;
  pushedBack: number;
  listsRenamed: number;
  projectsRenamed: number;
  /** Lists made in To Do that became projects (decision 0060). */
  projectsAdopted: number;
  /** Projects closed because the To Do list they came from was deleted. */
  projectsClosed: number;
  listsReprovisioned: number;
  listsArchived: number;
  listsReset: number;
  listsPaused: number;
  subscriptionsRenewed: number;
  subscriptionsCreated: number;
}

export function emptySummary(): FullSyncSummary {
  return {
    listsPulled: 0,
    created: 0,
    updated: 0,
    deleted: 0,
    restored: 0,
    moved: 0,
    conflicts: 0,
    pushedBack: 0,
    listsRenamed: 0,
    projectsRenamed: 0,
    projectsAdopted: 0,
    projectsClosed: 0,
    listsReprovisioned: 0,
    listsArchived: 0,
    listsReset: 0,
    listsPaused: 0,
    subscriptionsRenewed: 0,
    subscriptionsCreated: 0,
  };
}

/** One full_sync run for one user: the sync context, the run's options and its summary. */
export interface PullContext extends SyncContext {
  summary: FullSyncSummary;
  options: FullSyncOptions;
}
