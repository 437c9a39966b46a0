/**
 * Subscriptions to `/me/todo/lists/{id}/tasks` and the notifications they produce
 * (docs/graph-facts.md §3): validation handshake before creation, 409 on duplicates,
 * renew/reauthorize/delete, expired ones vanish; each task change in a subscribed
 * list becomes a change notification, queued on the Notifier.
 */
import type { EmulatorClock } from '../clock';
import type { LifecycleEvent } from '../control-types';
import { GraphHttpError } from '../errors';
import { CONSUMER_TENANT_ID } from '../identity/token-service';
import { newGuid } from '../ids';
import type { ResolvedOptions } from '../options';
import type { ChangeEvent, Store } from '../store/store';
import type { SubscriptionRecord } from '../store/types';
import { postWithDeadline } from './deliver';
import type { Notifier } from './notifier';
import {
  checkClientState, checkNotificationUrl, checkSubscriptionFields, expiryMs, parseChangeTypes, parseTodoResource,
} from './subscription-rules';

export class SubscriptionService {
  constructor(
    private readonly store: Store,
    private readonly clock: EmulatorClock,
    private readonly notifier: Notifier,
    private readonly options: ResolvedOptions,
  ) {
    store.onChange((event) => this.onChange(event));
  }

  private get records() {
    return this.store.state.subscriptions;
  }

  /** Live subscriptions; expired ones are removed on the way (docs/graph-facts.md §3: lapsed = deleted). */
  live(): SubscriptionRecord[] {
    const now = this.clock.nowMs();
    for (const [id, s] of Object.entries(this.records)) if (s.expiresMs <= now) delete this.records[id];
    return Object.values(this.records);
  }

  get(id: string, userId: string, clientId: string): SubscriptionRecord {
    const found = this.live().find((s) => s.id === id && s.userId === userId && s.clientId === clientId);
    if (!found) throw new GraphHttpError(404, 'ResourceNotFound', `The object '${id}' was not found.`);
    return found;
  }

  async create(userId: string, clientId: string, body: Record<string, unknown>): Promise<SubscriptionRecord> {
    checkSubscriptionFields(body);
    const user = this.store.mailbox(userId).user;
    const changeTypes = parseChangeTypes(body.changeType);
    const listId = parseTodoResource(body.resource, user);
    const notificationUrl = checkNotificationUrl(body.notificationUrl, 'notificationUrl', this.options.allowHttpNotificationUrls);
    const lifecycleUrl = body.lifecycleNotificationUrl == null ? null
      : checkNotificationUrl(body.lifecycleNotificationUrl, 'lifecycleNotificationUrl', this.options.allowHttpNotificationUrls);
    const clientState = checkClientState(body.clientState);
    const expires = expiryMs(body.expirationDateTime, this.clock.nowMs());
    const list = this.store.mailbox(userId).lists[listId];
    if (!list || list.deletedMs !== null) {
      throw new GraphHttpError(400, 'ExtensionError', 'Operation: Create; Exception: [Status Code: NotFound; Reason: The specified object was not found in the store.]');
    }
    const duplicate = this.live().find((s) => s.userId === userId && s.clientId === clientId && s.listId === listId && [...s.changeTypes].sort().join() === [...changeTypes].sort().join());
    if (duplicate) throw new GraphHttpError(409, 'ExtensionError', 'Operation: Create; Exception: [Status Code: Conflict; Reason: A subscription for this resource and changeType already exists.]');
    await this.handshake(notificationUrl);
    if (lifecycleUrl) await this.handshake(lifecycleUrl);
    const record: SubscriptionRecord = {
      id: newGuid(), userId, clientId, resource: String(body.resource), listId, changeTypes,
      notificationUrl, lifecycleNotificationUrl: lifecycleUrl, clientState, expiresMs: expires,
    };
    this.records[record.id] = record;
    this.store.touched();
    return record;
  }

  renew(record: SubscriptionRecord, body: Record<string, unknown>): SubscriptionRecord {
    for (const key of Object.keys(body)) {
      if (key !== 'expirationDateTime' && !key.startsWith('@odata.')) {
        throw new GraphHttpError(400, 'InvalidRequest', `Only expirationDateTime can be updated; '${key}' cannot.`);
      }
    }
    record.expiresMs = expiryMs(body.expirationDateTime, this.clock.nowMs());
    this.store.touched();
    return record;
  }

  remove(record: SubscriptionRecord): void {
    delete this.records[record.id];
    this.store.touched();
  }

  /** POST notificationUrl?validationToken=… ; 200 text/plain echo within the deadline, else 400 (docs/graph-facts.md §3). */
  private async handshake(url: string): Promise<void> {
    const token = `Validation: emulator checks this endpoint ${newGuid()}`;
    const target = `${url}${url.includes('?') ? '&' : '?'}validationToken=${encodeURIComponent(token)}`;
    const result = await postWithDeadline(target, '', 'text/plain; charset=utf-8', this.options.notifications.validationTimeoutMs);
    const ok = result.status === 200 && result.contentType.toLowerCase().startsWith('text/plain') && result.text === token;
    this.notifier.record({
      kind: 'validation', url, subscriptionIds: [], payload: token, attempt: 1, status: result.status,
      error: ok ? null : (result.error ?? `expected 200 text/plain echo, got ${result.status} ${result.contentType}`),
      durationMs: result.durationMs, ok,
    });
    if (!ok) {
      throw new GraphHttpError(400, 'ValidationError', 'Subscription validation request failed. The notification endpoint must answer the validation request with 200 OK and the token as text/plain.');
    }
  }

  private onChange(event: ChangeEvent): void {
    if (event.kind !== 'task' || !event.taskId) return;
    for (const s of this.live()) {
      if (s.userId !== event.userId || s.listId !== event.listId || !s.changeTypes.includes(event.changeType)) continue;
      this.notifier.enqueue('notification', s.notificationUrl, s.id, this.notificationItem(s, event));
    }
  }

  private notificationItem(s: SubscriptionRecord, event: ChangeEvent): Record<string, unknown> {
    const resource = `Users/${s.userId}/Tasks/${event.taskId}`;
    const item: Record<string, unknown> = {
      subscriptionId: s.id,
      subscriptionExpirationDateTime: new Date(s.expiresMs).toISOString(),
      changeType: event.changeType,
      resource,
      tenantId: CONSUMER_TENANT_ID,
      resourceData: { '@odata.type': '#Microsoft.Graph.todoTask', '@odata.id': resource, '@odata.etag': event.etag, id: event.taskId },
    };
    if (s.clientState !== null) item.clientState = s.clientState;
    return item;
  }

  /** Sends a lifecycle event to the subscription's lifecycleNotificationUrl (docs/graph-facts.md §3). */
  sendLifecycle(record: SubscriptionRecord, event: LifecycleEvent): void {
    if (!record.lifecycleNotificationUrl) throw new GraphHttpError(400, 'InvalidRequest', 'This subscription has no lifecycleNotificationUrl.');
    const item: Record<string, unknown> = {
      subscriptionId: record.id,
      subscriptionExpirationDateTime: new Date(record.expiresMs).toISOString(),
      tenantId: CONSUMER_TENANT_ID,
      lifecycleEvent: event,
    };
    if (record.clientState !== null) item.clientState = record.clientState;
    this.notifier.enqueue('lifecycle', record.lifecycleNotificationUrl, record.id, item);
    if (event === 'subscriptionRemoved') this.remove(record);
  }

  /** After a revocation, subscriptions of that user and app need reauthorizing. */
  onRefreshTokensRevoked(userId: string, clientIds: string[]): void {
    if (!this.store.quirks.reauthorizationOnRevoke) return;
    for (const s of this.live()) {
      if (s.userId === userId && clientIds.includes(s.clientId) && s.lifecycleNotificationUrl) this.sendLifecycle(s, 'reauthorizationRequired');
    }
  }
}

export function subscriptionJson(s: SubscriptionRecord, baseUrl: string): Record<string, unknown> {
  return {
    '@odata.context': `${baseUrl}/v1.0/$metadata#subscriptions/$entity`,
    id: s.id,
    resource: s.resource,
    applicationId: s.clientId,
    changeType: s.changeTypes.join(','),
    clientState: s.clientState,
    notificationUrl: s.notificationUrl,
    notificationQueryOptions: null,
    lifecycleNotificationUrl: s.lifecycleNotificationUrl,
    expirationDateTime: new Date(s.expiresMs).toISOString(),
    creatorId: s.userId,
    includeResourceData: false,
    latestSupportedTlsVersion: 'v1_2',
    encryptionCertificate: null,
    encryptionCertificateId: null,
    notificationUrlAppId: null,
  };
}
