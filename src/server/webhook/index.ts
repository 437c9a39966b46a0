/** Microsoft Graph change notifications: validation handshake and notification intake. */
export { acceptNotifications, type AcceptResult } from './accept-notifications';
export { handleNotificationRequest, receiveWebhook, validationResponse } from './webhook-request';
export { notificationBody, MAX_NOTIFICATION_BODY_BYTES, type NotificationItem } from './notification-schema';
