/**
 * The body Graph POSTs to the notification URL (graph-facts §3): `{ value: [...] }`
 * of change notifications (subscriptionId, clientState, changeType, resource,
 * resourceData) or lifecycle events (lifecycleEvent). One POST can carry several
 * items, even for different subscriptions. Unknown properties are allowed.
 */
import { z } from 'zod';
import { noNul } from '../http/plain-text';

export const MAX_NOTIFICATION_BODY_BYTES = 1_000_000;
export const MAX_NOTIFICATIONS_PER_POST = 1_000;

/** Graph never sends NUL; refusing it keeps a forged body from reaching Postgres (22021). */
const text = (max: number, label: string) => noNul(z.string().max(max), label);

const notificationItem = z.looseObject({
  subscriptionId: noNul(z.string().min(1).max(200), 'subscriptionId'),
  clientState: text(256, 'clientState').nullish(),
  changeType: text(100, 'changeType').optional(),
  lifecycleEvent: text(100, 'lifecycleEvent').optional(),
  resource: text(2_000, 'resource').optional(),
  tenantId: text(200, 'tenantId').optional(),
  subscriptionExpirationDateTime: text(100, 'subscriptionExpirationDateTime').optional(),
  /** For a todoTask: its id and etag (graph-facts §3), which tell our own writes' echoes apart. */
  resourceData: z
    .looseObject({
      id: text(500, 'resourceData.id').optional(),
      '@odata.etag': text(500, 'resourceData.@odata.etag').optional(),
    })
    .nullish(),
});

export const notificationBody = z.object({
  value: z.array(notificationItem).min(1).max(MAX_NOTIFICATIONS_PER_POST),
});

export type NotificationItem = z.infer<typeof notificationItem>;
export type NotificationBody = z.infer<typeof notificationBody>;
