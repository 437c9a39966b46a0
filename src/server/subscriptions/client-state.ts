/**
 * clientState (docs/graph-facts.md §3, at most 128 characters): a fresh random value per
 * subscription, stored on its mapping and compared in constant time on every
 * notification. OUTLOOK_CLIENT_STATE, when set, is mixed in (an HMAC of the random
 * part), so a value is only valid for a deployment that knows that secret.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { safeEqual } from '../http/cron-auth';

export const CLIENT_STATE_MAX_CHARS = 128;

export function newClientState(secret?: string): string {
  const nonce = randomBytes(24).toString('base64url');
  if (!secret) return nonce;
  return `${nonce}.${createHmac('sha256', secret).update(nonce).digest('base64url')}`;
}

/** Constant-time comparison of a received clientState with the stored one. */
export function clientStateMatches(received: string, stored: string): boolean {
  return safeEqual(received, stored);
}
