/**
 * runFullSync: the `full_sync` job (guide §6.4), To Do → Planner for one user.
 *
 *  1. lists delta (user cursor): renames follow Outlook; @removed lists are gone;
 *  2. per active, unpaused list: task delta on the list's cursor (reset → complete
 *     round; 404 → gone);
 *  3. identities: which Planner task each present To Do task is (Graph id, else our
 *     linkedResource externalId), so a move between lists is not a delete + create;
 *  4. per list, the mass-delete guard may pause it (nothing of it is applied);
 *  5. present tasks are applied (create / three-way merge / move), then removals
 *     (lists of closed or deleted projects awaiting their archive or removal are
 *     only read, to tell a move into them from a deletion);
 *  6. cursors are saved only after their changes were applied: a crash re-reads them,
 *     and applying is idempotent (keyed on graph_task_id);
 *  7. gone lists are re-provisioned (closed projects' mappings archived);
 *  8. every linked list's subscription is created, renewed or recreated as it needs (so
 *     Outlook changes arrive by webhook from the first full_sync of a connect on, and a
 *     re-provisioned list is subscribed at once); last_full_sync_at.
 *
 * Aimed at some lists (options.lists: the lists a notification named, issue 15 §3), it
 * reads only their task deltas, and the lists delta only when it last ran more than
 * OUTLOOK_LISTS_DELTA_INTERVAL_MIN ago. A removal in one of them may be a move into a
 * list it did not read, so a round with removals (or a complete round) widens the pull to
 * every list, as a whole full_sync would read them. Only a pull of every list moves
 * last_full_sync_at (the safety net's clock).
 */
import { listsDeltaDue, markAimedPullDone, markListsPulled } from '../../db/pull-cadence-repository';
import { subscribeUserLists } from '../subscriptions';
import type { SyncContext } from '../sync-context';
import { applyPresentTask } from './pull-apply-task';
import { applyRemovedTask } from './pull-apply-removed';
import { emptySummary, type FullSyncOptions, type FullSyncSummary, type PullContext } from './pull-context';
import { guardList, resolveIdentities, type ListPlan } from './pull-guard';
import { fetchListChanges, type ListChanges } from './pull-list-tasks';
import { pullListChanges, saveListsRound, type ListsRound } from './pull-lists';
import { handleListGone } from './pull-reprovision';
import { createPullRun, type PullRun } from './pull-run';
import { type PulledList, activeLists, listsOfDeletedProjects, saveTaskCursor } from '../../db/list-mappings-repository';
import { markFullSyncDone } from '../../db/connections-repository';

/**
 * `sync` is the pull's context (syncContextFor with tokenReads 'each-request', the
 * full_sync job's), or a push's when a push pulls first (a closing project's last pull).
 */
export async function runFullSync(sync: SyncContext, options: FullSyncOptions = {}): Promise<FullSyncSummary> {
  const ctx: PullContext = { ...sync, subscriptions: options.subscriptions, summary: emptySummary(), options };
  const { db, userId } = ctx;
  const aimed = options.lists ? new Set(options.lists) : null;
  const readLists = !aimed || (await listsDeltaDue(db, { userId, intervalMin: options.listsDeltaIntervalMin ?? DEFAULT_LISTS_DELTA_INTERVAL_MIN, now: ctx.now() }));
  const listsRound: ListsRound = readLists ? await pullListChanges(ctx) : { removedListIds: new Set(), deltaLink: null };
  const mapped = await activeLists(db, userId);
  const pullable = listsToPull(ctx, mapped);
  const run = createPullRun(ctx, mapped);
  const gone = mapped.filter((l) => listsRound.removedListIds.has(l.graphListId));
  const rounds: ListChanges[] = [];
  const read = async (lists: PulledList[]) => {
    for (const list of lists.filter((l) => !gone.includes(l) && !l.pausedAt)) {
      const fetched = await fetchListChanges(ctx, list);
      if (fetched.kind === 'gone') gone.push(list);
      else rounds.push(fetched);
    }
  };
  await read(aimed ? pullable.filter((l) => aimed.has(l.graphListId)) : pullable);
  // Aimed pulls read the other lists too when a removal could be a move into one of them.
  const whole = !aimed || rounds.some((r) => r.removedIds.length > 0 || r.mode === 'complete') || gone.length > 0;
  if (aimed && whole) await read(pullable.filter((l) => !aimed.has(l.graphListId)));
  const awaitingArchive = whole ? await readListsAwaitingRemoval(ctx, await listsAwaitingRemoval(ctx, mapped, pullable, gone)) : [];
  const plans = await planLists(run, rounds, awaitingArchive);
  await applyPlans(run, plans);
  for (const list of gone) await handleListGone(ctx, list);
  if (readLists && listsRound.deltaLink !== null) {
    await saveListsRound(ctx, listsRound);
    await markListsPulled(db, userId, ctx.now());
  }
  await keepSubscriptions(ctx);
  if (whole && readLists) await markFullSyncDone(db, userId, ctx.now());
  else await markAimedPullDone(db, userId, ctx.now());
  ctx.log.info({ ...ctx.summary, aimedAt: options.lists?.length, widened: Boolean(aimed && whole), listsDelta: readLists }, 'full_sync done');
  return ctx.summary;
}

/** OUTLOOK_LISTS_DELTA_INTERVAL_MIN's default. */
export const DEFAULT_LISTS_DELTA_INTERVAL_MIN = 15;

/** Lists of closed projects (awaiting their archive) and of deleted ones (awaiting removal). */
async function listsAwaitingRemoval(ctx: PullContext, mapped: PulledList[], pullable: PulledList[], gone: PulledList[]): Promise<PulledList[]> {
  const closed = mapped.filter((l) => !pullable.includes(l) && !gone.includes(l) && !l.isDefault && l.project !== null && l.project.status !== 'Active');
  return [...closed, ...(await listsOfDeletedProjects(ctx.db, ctx.userId))];
}

/** Active mappings of open projects (and the default list, and a closing project's); a forced list is un-paused. */
function listsToPull(ctx: PullContext, lists: PulledList[]): PulledList[] {
  const forced = new Set(ctx.options.forceLists ?? []);
  const closing = ctx.options.closingProjectId;
  return lists
    .filter((l) => l.isDefault || (l.project !== null && (l.project.status === 'Active' || l.projectId === closing)))
    .map((l) => (forced.has(l.graphListId) ? { ...l, pausedAt: null } : l));
}

/**
 * Lists of projects closed or deleted in Planner whose archive (project_sync) or removal
 * (project_delete) has not run yet: their changes are not applied (§6.5) and their
 * cursors stay, so the archive's closing pull still sees them. But a task moved into one
 * in Outlook is @removed from its old list: reading them lets the identities step tell
 * that move from a deletion (the archive then moves the task into its project; the
 * removal rescues it back to where Planner has it).
 */
async function readListsAwaitingRemoval(ctx: PullContext, lists: PulledList[]): Promise<ListChanges[]> {
  const rounds: ListChanges[] = [];
  for (const list of lists) {
    const fetched = await fetchListChanges(ctx, list);
    if (fetched.kind !== 'gone') rounds.push(fetched);
  }
  return rounds;
}

/** Identities over every list read (a task moved into a list awaiting archive is claimed, not deleted); plans for the pulled ones. */
async function planLists(run: PullRun, rounds: ListChanges[], readOnly: ListChanges[]): Promise<ListPlan[]> {
  const held = await resolveIdentities(run, readOnly);
  const claimed = new Set([...(await resolveIdentities(run, rounds)), ...held]);
  const plans: ListPlan[] = [];
  for (const round of rounds) {
    const plan = await guardList(run, round, claimed, held);
    if (plan) plans.push(plan);
  }
  return plans;
}

async function applyPlans(run: PullRun, plans: ListPlan[]): Promise<void> {
  const gone = new Set(plans.flatMap((plan) => plan.removals));
  for (const plan of plans) {
    for (const item of plan.changes.present) await applyPresentTask(run, plan.changes.list, item, gone);
  }
  for (const plan of plans) {
    for (const graphTaskId of plan.removals) await applyRemovedTask(run, graphTaskId);
  }
  for (const plan of plans) {
    await saveTaskCursor(run.ctx.db, plan.changes.list.id, plan.changes.deltaLink, { resume: run.ctx.options.forceLists?.includes(plan.changes.list.graphListId) });
    run.ctx.summary.listsPulled++;
  }
}

/** Creates what is missing (a connect, a re-provisioned list), renews what is due or was flagged. */
async function keepSubscriptions(ctx: PullContext): Promise<void> {
  const result = await subscribeUserLists(ctx.outlook, ctx.userId, undefined, ctx.subscriptions);
  ctx.summary.subscriptionsRenewed = result.renewed + result.recreated;
  ctx.summary.subscriptionsCreated = result.created;
}
