/**
 * HTTP side of /webhook, kept apart from the route so it is testable without Next:
 *  - `?validationToken=…` (POST, as Microsoft validates; GET, as the guide says) →
 *    200 text/plain with the decoded token (never reflected as HTML);
 *  - otherwise a notification body → 202 {accepted, rejected, enqueued, skipped};
 *    malformed JSON or shape → 400, oversize → 413, and nothing is enqueued.
 */
import { getDb } from '../../db';
import type { Db } from '../../db/client';
import { readJson } from '../http/request-body';
import { json, jsonError, textResponse, validationError } from '../http/responses';
import { recordNotifications } from '../../observability/metrics';
import { acceptNotifications } from './accept-notifications';
import { MAX_NOTIFICATION_BODY_BYTES, notificationBody } from './notification-schema';

export const MAX_VALIDATION_TOKEN_CHARS = 4_096;

/** The handshake answer, or undefined when the request carries no validationToken. */
export function validationResponse(request: Request): Response | undefined {
  const token = new URL(request.url).searchParams.get('validationToken');
  if (token === null) return undefined;
  if (token.length > MAX_VALIDATION_TOKEN_CHARS) return jsonError(400, 'invalid_validation_token', 'validationToken is too long');
  return textResponse(token);
}

export async function handleNotificationRequest(db: Db, request: Request): Promise<Response> {
  const started = Date.now();
  const read = await readJson(request, MAX_NOTIFICATION_BODY_BYTES);
  if (!read.ok) return read.response;
  const parsed = notificationBody.safeParse(read.value);
  if (!parsed.success) return validationError(parsed.error);
  const result = await acceptNotifications(db, parsed.data.value);
  recordNotifications(parsed.data.value.length, Date.now() - started);
  return json(result, 202);
}

/** The route's entry point: handshake or notifications, on the process database. */
export async function receiveWebhook(request: Request): Promise<Response> {
  const handshake = validationResponse(request);
  if (handshake) return handshake;
  if (request.method !== 'POST') return jsonError(400, 'missing_validation_token', 'GET needs ?validationToken (the subscription handshake)');
  return handleNotificationRequest(await getDb(), request);
}
