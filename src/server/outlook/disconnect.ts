/**
 * Disconnect Outlook (guide §5, §14 backlog): delete the user's Graph
 * subscriptions (404 tolerated), then remove the connection, the tasks' Graph
 * links, the conflict log, queued jobs, pending OAuth states and the stored refresh
 * token in one transaction. Planner's projects and tasks stay; so do the lists in
 * Outlook, which list each project used (mappings deactivated), and each task's
 * last-synced base (detachSyncStates), so a reconnect to the same mailbox relinks the
 * same lists and merges edits made meanwhile field by field (decision 0035). A subscription that appears while we disconnect is deleted after
 * the commit with the same access token.
 */
import type { Executor, Tx } from '../../db/client';
import { deleteConnection, findConnection, findConnectionForUpdate } from '../../db/connections-repository';
import { deactivateMappings, listMappingSubscriptionIds } from '../../db/list-mappings-repository';
import { deleteSecret } from '../../db/secrets-repository';
import { detachSyncStates } from '../../db/sync-state-repository';
import { deleteUserSyncRows } from '../../db/user-sync-data-repository';
import type { GraphClient } from '../../graph';
import type { OutlookDeps } from './deps';
import { graphClientForToken } from './graph-for-user';
import { tokenServiceFor } from './token-service';

export interface DisconnectResult {
  disconnected: boolean;
  subscriptionsDeleted: number;
  subscriptionsAlreadyGone: number;
  /** Subscriptions we could not delete (e.g. the token was already revoked); they lapse within ~3 days. */
  subscriptionsFailed: number;
}

/** Per-user sync tables emptied on disconnect (task_sync_state is detached, mappings deactivated). */
export { USER_SYNC_TABLES } from '../../db/user-sync-data-repository';

export async function disconnectOutlook(deps: OutlookDeps, userId: string): Promise<DisconnectResult> {
  const result: DisconnectResult = { disconnected: false, subscriptionsDeleted: 0, subscriptionsAlreadyGone: 0, subscriptionsFailed: 0 };
  const connection = await findConnection(deps.db, userId);
  if (!connection) return result;
  const log = deps.log.child({ userId, step: 'outlook_disconnect' });
  const graph = await graphOrNull(deps, userId, connection.microsoft_account_id, log);
  const before = await subscriptionIds(deps.db, userId);
  await deleteSubscriptions(graph, before, result, log);
  const during = await deps.db.transaction().execute(async (tx) => {
    const ids = await subscriptionIds(tx, userId);
    await removeSyncData(tx, userId);
    return ids.filter((id) => !before.includes(id));
  });
  await deleteSubscriptions(graph, during, result, log);
  result.disconnected = true;
  log.info({ ...result }, 'outlook disconnected');
  return result;
}

/** A client over a token taken now, so it still works after the rows are gone. */
async function graphOrNull(deps: OutlookDeps, userId: string, mailboxKey: string, log: OutlookDeps['log']): Promise<GraphClient | null> {
  try {
    const token = await tokenServiceFor(deps).getAccessToken(userId);
    return graphClientForToken(deps, token, mailboxKey);
  } catch (error) {
    log.warn({ error: (error as Error).name }, 'no access token: subscriptions are left to lapse');
    return null;
  }
}

async function subscriptionIds(ex: Executor, userId: string): Promise<string[]> {
  const onLists = await listMappingSubscriptionIds(ex, userId);
  const connection = await findConnection(ex, userId);
  return [...new Set([...onLists, ...(connection?.subscription_id ? [connection.subscription_id] : [])])];
}

async function deleteSubscriptions(graph: GraphClient | null, ids: string[], result: DisconnectResult, log: OutlookDeps['log']) {
  for (const id of ids) {
    if (!graph) {
      result.subscriptionsFailed++;
      continue;
    }
    try {
      const outcome = await graph.subscriptions.delete(id);
      if (outcome === 'deleted') result.subscriptionsDeleted++;
      else result.subscriptionsAlreadyGone++;
    } catch (error) {
      result.subscriptionsFailed++;
      log.warn({ subscriptionId: id, status: (error as { status?: number }).status }, 'could not delete subscription');
    }
  }
}

async function removeSyncData(tx: Tx, userId: string): Promise<void> {
  const connection = await findConnectionForUpdate(tx, userId);
  await deleteUserSyncRows(tx, userId);
  await detachSyncStates(tx, userId);
  // Which list each project used stays (inactive, no subscription, no cursor): a
  // reconnect to the same mailbox links the project to that list again even if it was
  // renamed in Outlook meanwhile, instead of creating a second list by name.
  await deactivateMappings(tx, userId);
  if (connection?.refresh_token_secret) await deleteSecret(tx, connection.refresh_token_secret);
  await deleteConnection(tx, userId);
}
