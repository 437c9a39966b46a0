/**
 * Validation of subscription requests (docs/graph-facts.md §3): only
 * `/me/todo/lists/{id}/tasks`, changeType from created/updated/deleted, HTTPS
 * notification URLs (http to loopback when allowed), clientState ≤ 128 chars,
 * expiry raised to 45 min and capped at 4,230 min.
 */
import { GraphHttpError } from '../errors';

export const MIN_LIFETIME_MINUTES = 45;
export const MAX_LIFETIME_MINUTES = 4230;
const CHANGE_TYPES = ['created', 'updated', 'deleted'] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];
const ALLOWED_FIELDS = new Set(['changeType', 'notificationUrl', 'lifecycleNotificationUrl', 'resource', 'expirationDateTime', 'clientState',
  'latestSupportedTlsVersion', 'includeResourceData', 'notificationQueryOptions', 'encryptionCertificate', 'encryptionCertificateId', 'notificationUrlAppId']);

const invalid = (message: string, code = 'InvalidRequest') => new GraphHttpError(400, code, message);

export function checkSubscriptionFields(body: Record<string, unknown>): void {
  for (const key of Object.keys(body)) {
    if (!key.startsWith('@odata.') && !ALLOWED_FIELDS.has(key)) throw invalid(`The property '${key}' does not exist on type 'microsoft.graph.subscription'.`, 'BadRequest');
  }
  if (body.includeResourceData === true) throw invalid('Rich notifications (includeResourceData) are not supported for this resource.', 'ExtensionError');
}

export function parseChangeTypes(value: unknown): ChangeType[] {
  if (typeof value !== 'string' || value.trim() === '') throw invalid("The 'changeType' property is required.");
  const types = value.split(',').map((s) => s.trim());
  for (const t of types) if (!CHANGE_TYPES.includes(t as ChangeType)) throw invalid(`'${t}' is not a valid changeType.`);
  return [...new Set(types)] as ChangeType[];
}

/** The list id of `/me/todo/lists/{id}/tasks` (also `users/{id}/...`), else 400. */
export function parseTodoResource(value: unknown, user: { id: string; email: string }): string {
  const raw = typeof value === 'string' ? value.trim().replace(/^\/+/, '') : '';
  const m = /^(?:me|users\/([^/]+))\/todo\/lists\/([^/]+)\/tasks$/i.exec(raw);
  if (!m || (m[1] && decodeURIComponent(m[1]).toLowerCase() !== user.id && decodeURIComponent(m[1]).toLowerCase() !== user.email)) {
    throw invalid(`Resource '${String(value)}' is not supported for change notifications. To Do supports only /me/todo/lists/{todoTaskListId}/tasks.`, 'InvalidRequest');
  }
  return decodeURIComponent(m[2]);
}

export function checkNotificationUrl(value: unknown, field: string, allowHttp: boolean): string {
  if (typeof value !== 'string') throw invalid(`The '${field}' property is required.`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(`The ${field} '${value}' is not a valid absolute URL.`);
  }
  if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:')) {
    throw invalid(`The ${field} must be an HTTPS URL.`, 'ValidationError');
  }
  return value;
}

export function checkClientState(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length > 128) throw invalid('clientState must be a string of at most 128 characters.');
  return value;
}

/** Expiry in ms: under 45 min raised to 45 min; over 4,230 min refused. */
export function expiryMs(value: unknown, nowMs: number): number {
  const parsed = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(parsed)) throw invalid("The 'expirationDateTime' property is required and must be a date.");
  if (parsed <= nowMs) throw invalid('Subscription expiration can only be in the future.');
  if (parsed > nowMs + MAX_LIFETIME_MINUTES * 60_000 + 60_000) {
    throw invalid(`Subscription expiration can only be ${MAX_LIFETIME_MINUTES} minutes in the future.`);
  }
  return Math.max(parsed, nowMs + MIN_LIFETIME_MINUTES * 60_000);
}
