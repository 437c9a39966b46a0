/** Read-only views of the state for the control API (Graph JSON for tasks). */
import type { EmulatorCore } from '../core';
import type { ListView, MailboxView, StateView, SubscriptionView, UserInfo } from '../control-types';
import { taskJson } from '../store/graph-json';
import type { ListRecord, SubscriptionRecord, UserRecord } from '../store/types';

const EXPAND_ALL = { expand: new Set(['checklistItems', 'linkedResources']) };

export function userInfo(user: UserRecord): UserInfo {
  return { id: user.id, email: user.email, displayName: user.displayName };
}

export function listView(list: ListRecord): ListView {
  return {
    id: list.id,
    displayName: list.displayName,
    wellknownListName: list.wellknownListName,
    isOwner: list.isOwner,
    isShared: list.isShared,
    deleted: list.deletedMs !== null,
    tasks: Object.values(list.tasks).map((t) => taskJson(t, EXPAND_ALL) as ListView['tasks'][number]),
  };
}

export function mailboxView(core: EmulatorCore, userId: string, includeDeleted = false): MailboxView {
  const mailbox = core.store.mailbox(userId);
  const lists = Object.values(mailbox.lists).filter((l) => includeDeleted || l.deletedMs === null);
  return { user: userInfo(mailbox.user), lists: lists.map(listView) };
}

export function subscriptionView(s: SubscriptionRecord): SubscriptionView {
  return {
    id: s.id,
    userId: s.userId,
    clientId: s.clientId,
    resource: s.resource,
    changeType: s.changeTypes.join(','),
    notificationUrl: s.notificationUrl,
    lifecycleNotificationUrl: s.lifecycleNotificationUrl,
    clientState: s.clientState,
    expirationDateTime: new Date(s.expiresMs).toISOString(),
  };
}

export function stateView(core: EmulatorCore): StateView {
  return {
    now: core.clock.nowIso(),
    users: core.store.users().map((u) => mailboxView(core, u.id)),
    subscriptions: Object.values(core.store.state.subscriptions).map(subscriptionView),
    quirks: { ...core.store.state.quirks },
    throttle: { ...core.store.state.throttle },
  };
}
