/**
 * Linking Planner projects to To Do lists when a user connects (guide §1, §4).
 *
 *  - The live lists come from a full lists delta round (never GET /lists, which
 *    can come back incomplete); its deltaLink becomes the user's lists cursor.
 *  - Each Active project keeps a mapping whose list is still there; otherwise it
 *    reuses an unclaimed list of the same name, and only then creates one. So a
 *    repeated connect never makes a duplicate list.
 *  - The default list (Inbox tasks: project_id null, is_default) works the same; on a
 *    first connect with the setting inbox_list = 'todo-default' it is To Do's own
 *    "Tasks" list (decision 0060).
 *  - Every other list the mailbox has is left out (outlook_lists_left_out): a person's
 *    existing lists stay personal; only lists made after connecting become projects.
 * Graph calls happen in `planListLinks`; `saveListLinks` writes in the caller's
 * transaction.
 */
import type { Executor, Tx } from '../../db/client';
import { setDefaultListId } from '../../db/connections-repository';
import { findMappingIdOfSlot, insertMapping, listMappings, resetMapping } from '../../db/list-mappings-repository';
import { listActiveProjectNames, lockProjectRow } from '../../db/projects-repository';
import { isRemoved, type GraphClient, type TodoTaskList } from '../../graph';
import { findUserSettings } from '../../db/user-settings-repository';

export const DEFAULT_LIST_NAME = 'Planner Inbox';

export interface ListLink {
  projectId: string | null;
  isDefault: boolean;
  listId: string;
  listName: string;
  /** true when the mapping's list changed (new, reused or re-provisioned). */
  changed: boolean;
}

export interface LinkPlan {
  links: ListLink[];
  listsDeltaLink: string;
  createdListIds: string[];
  /**
   * Mappings of projects closed while Outlook was disconnected whose list is still in
   * To Do: the close's archive never ran. Connect reactivates and archives them, so what
   * To Do made in the list before the close is pulled first (decision 0036).
   */
  closedWithLiveList: { mappingId: string; projectId: string }[];
  /** Live lists no mapping holds after this plan: left out (a person's own lists). */
  leftOut: string[];
}

export interface LiveLists {
  lists: TodoTaskList[];
  deltaLink: string;
}

/** Every list of the mailbox now, from a fresh lists delta round. */
export async function fetchLiveLists(graph: GraphClient): Promise<LiveLists> {
  const round = await graph.lists.delta();
  const lists = round.items.filter((item): item is TodoTaskList => !isRemoved(item) && typeof item.displayName === 'string');
  return { lists, deltaLink: round.deltaLink };
}

/** Same name as To Do users see it: trimmed, case-insensitive, Unicode-normalised. */
export function sameListName(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFC').trim().toLocaleLowerCase();
  return norm(a) === norm(b);
}

/** An unclaimed, user-made list called `name` (never the built-in Tasks or Flagged email lists). */
export function findReusableList(lists: TodoTaskList[], name: string, claimed: Set<string>): TodoTaskList | undefined {
  return lists.find(
    (l) => !claimed.has(l.id) && sameListName(l.displayName, name) && (l.wellknownListName ?? 'none') === 'none',
  );
}

interface Wanted {
  projectId: string | null;
  name: string;
  /** The list of this project's mapping (active or archived), if any. */
  currentListId?: string;
  wasActive: boolean;
}

/** Decides (and creates in To Do, where needed) a list for every Active project and the default list. */
export async function planListLinks(db: Executor, graph: GraphClient, userId: string): Promise<LinkPlan> {
  const [projects, mappings, live, settings] = await Promise.all([
    listActiveProjectNames(db, userId),
    listMappings(db, userId),
    fetchLiveLists(graph),
    findUserSettings(db, userId),
  ]);
  const liveIds = new Set(live.lists.map((l) => l.id));
  const claimed = new Set(mappings.filter((m) => liveIds.has(m.graph_list_id)).map((m) => m.graph_list_id));
  const mappingOf = (projectId: string | null) =>
    mappings.find((m) => (projectId === null ? m.is_default : m.project_id === projectId));
  const wantedFor = (projectId: string | null, name: string): Wanted => {
    const m = mappingOf(projectId);
    return { projectId, name, currentListId: m?.graph_list_id, wasActive: m?.is_active ?? false };
  };
  const inbox = wantedFor(null, DEFAULT_LIST_NAME);
  if (!inbox.currentListId && settings.inbox_list === 'todo-default') {
    // First connect with To Do's "Tasks" as the Inbox's list: take it as if it were the mapped one.
    const tasksList = live.lists.find((l) => l.wellknownListName === 'defaultList');
    if (tasksList) Object.assign(inbox, { currentListId: tasksList.id, wasActive: false });
  }
  const wanted: Wanted[] = [...projects.map((p) => wantedFor(p.id, p.name)), inbox];
  const links: ListLink[] = [];
  const createdListIds: string[] = [];
  for (const w of wanted) {
    const link = await linkOne(graph, w, live.lists, liveIds, claimed);
    if (link.created) createdListIds.push(link.listId);
    links.push({ projectId: w.projectId, isDefault: w.projectId === null, listId: link.listId, listName: link.listName, changed: link.changed });
  }
  const activeIds = new Set(projects.map((p) => p.id));
  const closedWithLiveList = mappings
    .filter((m) => m.project_id !== null && !m.is_default && !m.is_active && !activeIds.has(m.project_id) && liveIds.has(m.graph_list_id))
    .map((m) => ({ mappingId: m.id, projectId: m.project_id! }));
  const held = new Set([...mappings.map((m) => m.graph_list_id), ...links.map((l) => l.listId)]);
  const leftOut = live.lists.filter((l) => !held.has(l.id)).map((l) => l.id);
  return { links, listsDeltaLink: live.deltaLink, createdListIds, closedWithLiveList, leftOut };
}

async function linkOne(graph: GraphClient, w: Wanted, lists: TodoTaskList[], liveIds: Set<string>, claimed: Set<string>) {
  if (w.currentListId && liveIds.has(w.currentListId)) {
    const list = lists.find((l) => l.id === w.currentListId)!;
    return { listId: list.id, listName: list.displayName, changed: !w.wasActive, created: false };
  }
  const reuse = findReusableList(lists, w.name, claimed);
  const list = reuse ?? (await graph.lists.create(w.name));
  claimed.add(list.id);
  return { listId: list.id, listName: list.displayName, changed: true, created: !reuse };
}

/** Writes the plan's mappings (insert or update by project / default slot). */
export async function saveListLinks(tx: Tx, userId: string, plan: LinkPlan): Promise<void> {
  for (const link of plan.links.filter((l) => l.changed)) {
    await saveOneLink(tx, userId, link);
  }
  const defaultLink = plan.links.find((l) => l.isDefault);
  if (defaultLink) {
    await setDefaultListId(tx, userId, defaultLink.listId);
  }
}

/** Points the project's (or the default) mapping at `link.listId`, resetting per-list sync state. */
export async function saveOneLink(tx: Executor, userId: string, link: Omit<ListLink, 'changed'>): Promise<void> {
  const list = { graph_list_id: link.listId, graph_list_name: link.listName };
  const existingId = await findMappingIdOfSlot(tx, userId, link.projectId);
  if (existingId) {
    await resetMapping(tx, existingId, list);
    return;
  }
  await insertMapping(tx, { user_id: userId, project_id: link.projectId, is_default: link.isDefault, ...list });
}

/** Locks a project row for the rest of the transaction (serialises list provisioning). */
export async function lockProject(tx: Tx, projectId: string): Promise<void> {
  await lockProjectRow(tx, projectId);
}
