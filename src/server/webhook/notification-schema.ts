/**
 * The body Graph POSTs to the notification URL (graph-facts §3): `{ value: [...] }`
 * of change notifications (subscriptionId, clientState, changeType, resource,
 * resourceData) or lifecycle events (lifecycleEvent). One POST can carry several
 * items, even for different subscriptions. Unknown properties are allowed.
 */
import { z } from 'zod';

export const MAX_NOTIFICATION_BODY_BYTES = 1_000_000;
export const MAX_NOTIFICATIONS_PER_POST = 1_000;

const notificationItem = z.looseObject({
  subscriptionId: z.string().min(1).max(200),
  clientState: z.string().max(256).nullish(),
  changeType: z.string().max(100).optional(),
  lifecycleEvent: z.string().max(100).optional(),
  resource: z.string().max(2_000).optional(),
  tenantId: z.string().max(200).optional(),
  subscriptionExpirationDateTime: z.string().max(100).optional(),
});

export const notificationBody = z.object({
  value: z.array(notificationItem).min(1).max(MAX_NOTIFICATIONS_PER_POST),
});

export type NotificationItem = z.infer<typeof notificationItem>;
export type NotificationBody = z.infer<typeof notificationBody>;
