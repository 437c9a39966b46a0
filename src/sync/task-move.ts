/**
 * Which project/list a task belongs in: the same three-way rule as the fields, applied to
 * its location (decision 0019). Projects stand for lists (project_outlook_lists); null is the
 * Inbox (the connection's default list). A move in To Do arrives as @removed in one list and
 * a new task in another carrying our linkedResource externalId (readPlannerTaskId), so the
 * pull recognises the task and plans a move instead of a delete plus a create.
 */

export interface TaskLocationInput {
  /** Project the task was in at the last sync. */
  baseProjectId: string | null;
  /** Project the task is in now in Planner. */
  localProjectId: string | null;
  /** Project mapped to the list the To Do task is in now. */
  remoteProjectId: string | null;
  /** tasks.updated_at and Graph lastModifiedDateTime (ISO), for a move on both sides. */
  localModifiedAt: string;
  remoteModifiedAt: string;
}

export type TaskLocationPlan =
  | { kind: 'stay' }
  /** Move the To Do task to the list of `projectId` (Graph gives it a new id). */
  | { kind: 'move-remote'; projectId: string | null }
  /** Set tasks.project_id. */
  | { kind: 'move-local'; projectId: string | null };

/** Moved on one side → follow it; moved on both to different places → the later move wins (tie: Planner). */
export function planTaskLocation(input: TaskLocationInput): TaskLocationPlan {
  const { baseProjectId: base, localProjectId: local, remoteProjectId: remote } = input;
  if (local === remote) return { kind: 'stay' };
  const localMoved = local !== base;
  const remoteMoved = remote !== base;
  const localWins = localMoved && (!remoteMoved || !(Date.parse(input.remoteModifiedAt) > Date.parse(input.localModifiedAt)));
  return localWins ? { kind: 'move-remote', projectId: local } : { kind: 'move-local', projectId: remote };
}
