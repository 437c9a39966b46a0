/**
 * Carries out one list's subscription action against Graph (inbox-zero's habits):
 *  - create: POST /subscriptions for /me/todo/lists/{id}/tasks, created,updated,deleted,
 *    a fresh clientState, notification and lifecycle URL = OUTLOOK_WEBHOOK_URL. A
 *    subscription whose save to the database fails is deleted again, never orphaned.
 *    A 409 (an unknown duplicate already exists) deletes that one and tries once more.
 *  - renew: PATCH expirationDateTime; 404 = it lapsed → recreate.
 *  - recreate: delete the old one (404 tolerated), create, and report it so the
 *    caller queues a delta catch-up (notifications were missed meanwhile).
 *  - delete: DELETE (404 tolerated), then clear the columns.
 */
import type { Db } from '../../db/client';
import { ALL_CHANGE_TYPES, GraphError, taskSubscriptionResource, type GraphClient, type Subscription } from '../../graph';
import { newClientState } from './client-state';
import { expiryFor, type SubscriptionConfig } from './subscription-config';
import type { SubscriptionAction } from './plan-subscription';
import { clearSubscription, saveRenewal, saveSubscription, type ListSubscriptionRow } from '../../db/subscriptions-repository';

export type ListOutcome = 'created' | 'renewed' | 'recreated' | 'deleted' | 'none' | 'not_saved';

export interface MaintainInput {
  db: Db;
  graph: GraphClient;
  config: SubscriptionConfig;
  now: Date;
}

export async function maintainListSubscription(input: MaintainInput, row: ListSubscriptionRow, action: SubscriptionAction): Promise<ListOutcome> {
  switch (action) {
    case 'create':
      return (await createAndSave(input, row, null)) ? 'created' : 'not_saved';
    case 'renew':
      return renewOrRecreate(input, row);
    case 'recreate':
      return recreate(input, row);
    case 'delete':
      await input.graph.subscriptions.delete(row.subscriptionId!);
      await clearSubscription(input.db, row.id, row.subscriptionId!);
      return 'deleted';
    default:
      return 'none';
  }
}

async function renewOrRecreate(input: MaintainInput, row: ListSubscriptionRow): Promise<ListOutcome> {
  try {
    const renewed = await input.graph.subscriptions.renew(row.subscriptionId!, expiryFor(input.config, input.now));
    await saveRenewal(input.db, row.id, row.subscriptionId!, expiresAtOf(renewed, input));
    return 'renewed';
  } catch (error) {
    if (!(error instanceof GraphError && error.status === 404)) throw error;
    return recreate(input, row);
  }
}

async function recreate(input: MaintainInput, row: ListSubscriptionRow): Promise<ListOutcome> {
  await input.graph.subscriptions.delete(row.subscriptionId!);
  return (await createAndSave(input, row, row.subscriptionId)) ? 'recreated' : 'not_saved';
}

/** Creates the Graph subscription and stores it; deletes it again when the store fails. */
async function createAndSave(input: MaintainInput, row: ListSubscriptionRow, previousId: string | null): Promise<boolean> {
  const clientState = newClientState(input.config.clientStateSecret);
  const created = await createWithConflictRetry(input, row, clientState);
  let saved = false;
  try {
    saved = await saveSubscription(input.db, { mappingId: row.id, previousId, subscriptionId: created.id, expiresAt: expiresAtOf(created, input), clientState });
  } finally {
    if (!saved) await input.graph.subscriptions.delete(created.id);
  }
  return saved;
}

async function createWithConflictRetry(input: MaintainInput, row: ListSubscriptionRow, clientState: string): Promise<Subscription> {
  const body = {
    changeType: ALL_CHANGE_TYPES,
    resource: taskSubscriptionResource(row.graphListId),
    notificationUrl: input.config.webhookUrl!,
    lifecycleNotificationUrl: input.config.webhookUrl!,
    expirationDateTime: expiryFor(input.config, input.now),
    clientState,
  };
  try {
    return await input.graph.subscriptions.create(body);
  } catch (error) {
    if (!(error instanceof GraphError && error.status === 409)) throw error;
    await deleteDuplicates(input.graph, body.resource);
    return input.graph.subscriptions.create(body);
  }
}

/** Subscriptions Graph holds for this resource that we do not know (e.g. a save that failed). */
async function deleteDuplicates(graph: GraphClient, resource: string): Promise<void> {
  const response = await graph.http.send<{ value?: Subscription[] }>({ method: 'GET', url: '/subscriptions' });
  const norm = (r: string) => r.replace(/^\/+/, '').toLowerCase();
  for (const s of response.body?.value ?? []) {
    if (norm(s.resource) === norm(resource)) await graph.subscriptions.delete(s.id);
  }
}

function expiresAtOf(subscription: Subscription, input: MaintainInput): Date {
  const parsed = Date.parse(subscription.expirationDateTime);
  return Number.isNaN(parsed) ? expiryFor(input.config, input.now) : new Date(parsed);
}
