/**
 * List name metasync (vdirsyncer's metasync; guide §11 "List rename"; decision 0019).
 * The base is project_outlook_lists.graph_list_name: the Outlook name we last saw or wrote.
 * Outlook changes arrive through lists delta (the pull); Planner renames arrive as a
 * project_sync job (the push), which passes `plannerRename: true`.
 *
 *   project closed                                  → nothing (closed projects ignore changes)
 *   Outlook renamed, project name = old list name   → graph_list_name := new; rename the project
 *   Outlook renamed, project name = new list name   → graph_list_name := new
 *   Outlook renamed, project named otherwise        → graph_list_name := new; the project keeps
 *                                                     its name (the guide's rule) — unless this is
 *                                                     a Planner rename, which then wins and is pushed
 *   Outlook unchanged, Planner rename               → rename the Outlook list, then record it
 *   default list (no project)                       → graph_list_name follows Outlook
 * A pull never pushes a name, so names the user chose to differ stay different. Names compare trimmed.
 */
import { isProjectClosed } from './project-lifecycle';
import { type ProjectStatus } from './types';

export const PROJECT_NAME_MAX_CHARS = 200;

export interface ListMetasyncInput {
  /** project_outlook_lists.graph_list_name */
  baseListName: string;
  /** displayName from lists delta; null when Outlook did not report the list this round. */
  remoteListName: string | null;
  /** The mapped project; null for the default (Inbox) list. */
  project: { name: string; status: ProjectStatus } | null;
  /** True when called because the project was renamed in Planner (project_sync job). */
  plannerRename?: boolean;
}

export type ListMetasyncAction =
  | { kind: 'set-graph-list-name'; name: string }
  | { kind: 'rename-project'; name: string }
  /** PATCH the list's displayName; apply the set-graph-list-name that follows only once it succeeded. */
  | { kind: 'rename-remote-list'; name: string };

/** Actions, in order, that bring the list name, its base and the project name in step. */
export function planListMetasync(input: ListMetasyncInput): ListMetasyncAction[] {
  const { project } = input;
  if (project && isProjectClosed(project.status)) return [];
  const base = input.baseListName.trim();
  const remote = input.remoteListName?.trim() || base;
  const remoteChanged = remote !== base;
  const local = project?.name.trim();
  if (local === undefined || local === remote) return remoteChanged ? [setBase(remote)] : [];
  if (input.plannerRename) return [{ kind: 'rename-remote-list', name: local }, setBase(local)];
  if (!remoteChanged) return [];
  return local === base ? followOutlook(remote) : [setBase(remote)];
}

function setBase(name: string): ListMetasyncAction {
  return { kind: 'set-graph-list-name', name };
}

function followOutlook(remote: string): ListMetasyncAction[] {
  const projectName = remote.slice(0, PROJECT_NAME_MAX_CHARS).trim();
  return projectName ? [setBase(remote), { kind: 'rename-project', name: projectName }] : [setBase(remote)];
}
