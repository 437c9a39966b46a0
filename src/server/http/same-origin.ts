/**
 * CSRF checks for requests that change data with the session cookie (the page proxy's
 * own check is isCrossSitePagePost in security-headers.ts).
 */
import { getEnv } from '../../config/env';

/**
 * Strict, for the Outlook routes' POSTs: the browser's Origin must be the app's own
 * (public URL or the Host it was sent to); without an Origin header, Sec-Fetch-Site
 * must say same-origin. Anything else is refused.
 */
export function isSameOriginRequest(request: Request, appUrl: string): boolean {
  const origin = request.headers.get('origin');
  if (origin) {
    if (origin === 'null') return false;
    const allowed = new Set([new URL(appUrl).origin]);
    const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
    if (host) {
      const proto = request.headers.get('x-forwarded-proto') ?? new URL(request.url).protocol.replace(':', '');
      allowed.add(`${proto}://${host}`);
    }
    return allowed.has(origin);
  }
  return request.headers.get('sec-fetch-site') === 'same-origin';
}

/**
 * For the JSON API (userRoute): a browser always sends Origin on a cross-site
 * POST/PATCH/DELETE; only our own origin (NEXTAUTH_URL) may change data with the session
 * cookie. Requests without Origin (curl, server-to-server) carry no ambient cookie risk.
 */
export function isCrossSiteWrite(request: Request): boolean {
  if (request.method === 'GET' || request.method === 'HEAD') return false;
  const origin = request.headers.get('origin');
  if (!origin) return false;
  return origin !== new URL(getEnv().NEXTAUTH_URL).origin;
}
