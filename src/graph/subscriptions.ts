/**
 * Change-notification subscriptions (docs/graph-facts.md §3). To Do offers only
 * `/me/todo/lists/{id}/tasks`; todoTask subscriptions live at most 4,230 minutes.
 */
import type { GraphHttp } from './http';
import { deleteTolerant } from './todo-lists';
import type { Subscription, SubscriptionInput } from './types';

export const TODO_SUBSCRIPTION_MAX_MINUTES = 4230;
export const ALL_CHANGE_TYPES = 'created,updated,deleted';

export const taskSubscriptionResource = (listId: string) => `/me/todo/lists/${listId}/tasks`;

export async function createSubscription(http: GraphHttp, input: SubscriptionInput): Promise<Subscription> {
  const body = {
    changeType: ALL_CHANGE_TYPES,
    ...input,
    expirationDateTime: toIso(input.expirationDateTime),
  };
  return (await http.send<Subscription>({ method: 'POST', url: '/subscriptions', body })).body;
}

export async function renewSubscription(http: GraphHttp, subscriptionId: string, expirationDateTime: Date | string): Promise<Subscription> {
  return (
    await http.send<Subscription>({
      method: 'PATCH',
      url: `/subscriptions/${encodeURIComponent(subscriptionId)}`,
      body: { expirationDateTime: toIso(expirationDateTime) },
    })
  ).body;
}

/** Deletes a subscription; 404 (already gone or lapsed) counts as done. */
export async function deleteSubscription(http: GraphHttp, subscriptionId: string): Promise<'deleted' | 'not_found'> {
  return deleteTolerant(http, `/subscriptions/${encodeURIComponent(subscriptionId)}`);
}

function toIso(value: Date | string): string {
  return value instanceof Date ? value.toISOString() : value;
}
