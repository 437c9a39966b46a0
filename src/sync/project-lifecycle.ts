/**
 * Project lifecycle ↔ list lifecycle (guide §6.5, §11; decision 0019). Closed = 'Completed'
 * or 'Cancelled'. A closed project has no list, its task jobs complete as skipped, and
 * incoming changes for it are ignored.
 *
 *   before → after        list active?  actions
 *   open   → closed       yes           archive-list
 *   open   → closed       no            —
 *   closed → open         any           provision-list, push-open-tasks
 *   closed → closed       yes           archive-list (repair a list that survived)
 *   closed → closed       no            —
 *   open   → open         any           — (ensureProjectList provisions on the next push)
 *
 * archive-list = delete the To Do list, mark the mapping inactive, delete its subscription,
 * clear its tasks' sync state and drop their queued jobs. provision-list = ensureProjectList.
 * push-open-tasks = enqueue a bulk create for each incomplete, undeleted task.
 */
import { type ProjectStatus } from './types';

export type ProjectLifecycleAction = { kind: 'archive-list' } | { kind: 'provision-list' } | { kind: 'push-open-tasks' };

export interface ProjectLifecycleInput {
  previousStatus: ProjectStatus;
  status: ProjectStatus;
  /** The project has an active project_outlook_lists mapping. */
  hasActiveList: boolean;
}

/** True for 'Completed' and 'Cancelled'. */
export function isProjectClosed(status: ProjectStatus): boolean {
  return status === 'Completed' || status === 'Cancelled';
}

/** ensureProjectList may create a list only for an open project. */
export function mayProvisionList(status: ProjectStatus): boolean {
  return !isProjectClosed(status);
}

/** A task job of a closed project completes as 'skipped', not failed. */
export function taskJobOutcome(status: ProjectStatus): 'run' | 'skip' {
  return isProjectClosed(status) ? 'skip' : 'run';
}

/** Incoming To Do changes apply only to open projects. */
export function acceptsIncomingChanges(status: ProjectStatus): boolean {
  return !isProjectClosed(status);
}

/** What a status change (or a repair pass with previousStatus = status) requires. */
export function planProjectLifecycle(input: ProjectLifecycleInput): ProjectLifecycleAction[] {
  const wasClosed = isProjectClosed(input.previousStatus);
  const isClosed = isProjectClosed(input.status);
  if (isClosed) return input.hasActiveList ? [{ kind: 'archive-list' }] : [];
  if (wasClosed) return [{ kind: 'provision-list' }, { kind: 'push-open-tasks' }];
  return [];
}
