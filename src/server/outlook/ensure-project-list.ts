/**
 * ensureProjectList (guide §6.4, §6.5): the To Do list a project's tasks go to.
 *
 *  - Completed / Cancelled projects get no list: `{ status: 'closed' }`.
 *  - An active mapping is confirmed with a GET (Graph accepts POSTs into a
 *    deleted list, so a successful task POST proves nothing).
 *  - A missing, archived or deleted list is (re-)provisioned under the project's
 *    row lock, so concurrent workers provision once: the old list if it still
 *    exists, else an unclaimed list of the project's name, else a new list.
 */
import type { Executor, Tx } from '../../db/client';
import { findMailboxKey } from '../../db/connections-repository';
import { listMappedListIds } from '../../db/list-mappings-repository';
import { findProject, findProjectListLink } from '../../db/projects-repository';
import type { ProjectStatus } from '../../db/schema';
import { GraphError, type GraphClient, type TodoTaskList } from '../../graph';
import type { OutlookDeps } from './deps';
import { graphClientForToken, graphClientForUser } from './graph-for-user';
import { fetchLiveLists, findReusableList, lockProject, saveOneLink } from './list-links';
import { NotConnectedError, tokenServiceFor } from './token-service';

export type EnsureListResult =
  /** `liveName`: the list's name in Outlook as the confirming GET read it (null when not read). */
  | { status: 'ready'; listId: string; listName: string; liveName: string | null; provisioned: false }
  | { status: 'ready'; listId: string; listName: string; liveName: string | null; provisioned: true; previousListId: string | null }
  | { status: 'closed'; projectStatus: ProjectStatus }
  | { status: 'project_not_found' };

export interface EnsureListInput {
  userId: string;
  projectId: string;
  /**
   * Take an active mapping at its word, without the confirming GET: for a PATCH of a copy
   * known to be in that list (a PATCH into a deleted list answers 404, unlike a POST).
   */
  trustActiveMapping?: boolean;
}

export async function ensureProjectList(deps: OutlookDeps, input: EnsureListInput, graph?: GraphClient): Promise<EnsureListResult> {
  const project = await readProject(deps.db, input);
  if (!project) return { status: 'project_not_found' };
  if (project.status !== 'Active') return { status: 'closed', projectStatus: project.status };
  const client = graph ?? (await graphClientForUser(deps, input.userId));
  const mapping = await readMapping(deps.db, input.projectId);
  if (mapping?.is_active && input.trustActiveMapping) {
    return { status: 'ready', listId: mapping.graph_list_id, listName: mapping.graph_list_name, liveName: null, provisioned: false };
  }
  const live = mapping?.is_active ? await findLiveList(client, mapping.graph_list_id) : null;
  if (mapping && live) {
    return { status: 'ready', listId: mapping.graph_list_id, listName: mapping.graph_list_name, liveName: live.displayName, provisioned: false };
  }
  // Inside the transaction the client must not read tokens through deps.db (on PGlite the
  // transaction holds the only connection): use a token taken now.
  const locked = await tokenBoundClient(deps, input.userId);
  return deps.db.transaction().execute((tx) => provisionLocked(tx, locked, input, mapping?.graph_list_id ?? null));
}

async function tokenBoundClient(deps: OutlookDeps, userId: string): Promise<GraphClient> {
  const mailboxKey = await findMailboxKey(deps.db, userId);
  if (mailboxKey === undefined) throw new NotConnectedError(userId);
  const token = await tokenServiceFor(deps).getAccessToken(userId);
  return graphClientForToken(deps, token, mailboxKey);
}

async function provisionLocked(tx: Tx, graph: GraphClient, input: EnsureListInput, missingListId: string | null): Promise<EnsureListResult> {
  await lockProject(tx, input.projectId);
  const project = await readProject(tx, input);
  if (!project) return { status: 'project_not_found' };
  if (project.status !== 'Active') return { status: 'closed', projectStatus: project.status };
  const mapping = await readMapping(tx, input.projectId);
  if (mapping?.is_active && mapping.graph_list_id !== missingListId) {
    // Another worker provisioned it while we waited for the lock.
    return { status: 'ready', listId: mapping.graph_list_id, listName: mapping.graph_list_name, liveName: null, provisioned: false };
  }
  const live = await fetchLiveLists(graph);
  const claimed = new Set(await listMappedListIds(tx, input.userId));
  const own = mapping ? live.lists.find((l) => l.id === mapping.graph_list_id) : undefined;
  const list = own ?? findReusableList(live.lists, project.name, claimed) ?? (await graph.lists.create(project.name));
  await saveOneLink(tx, input.userId, { projectId: input.projectId, isDefault: false, listId: list.id, listName: list.displayName });
  return { status: 'ready', listId: list.id, listName: list.displayName, liveName: list.displayName, provisioned: true, previousListId: mapping?.graph_list_id ?? null };
}

/** GET the list: true when it exists, false on 404; other errors go up. */
export async function listExists(graph: GraphClient, listId: string): Promise<boolean> {
  return (await findLiveList(graph, listId)) !== null;
}

/** GET the list: the list, or null on 404; other errors go up. */
export async function findLiveList(graph: GraphClient, listId: string): Promise<TodoTaskList | null> {
  try {
    return await graph.lists.get(listId);
  } catch (error) {
    if (error instanceof GraphError && error.status === 404) return null;
    throw error;
  }
}

function readProject(ex: Executor, input: EnsureListInput) {
  return findProject(ex, input.userId, input.projectId);
}

function readMapping(ex: Executor, projectId: string) {
  return findProjectListLink(ex, projectId);
}
