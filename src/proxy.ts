/**
 * Next.js proxy (formerly middleware) for page requests, not /api (route handlers
 * do their own checks, and a proxy would make Next buffer their bodies):
 *  - a cross-site POST (a forged server action) → 403, before Next answers it with a 500;
 *  - a fresh CSP nonce per request, passed to Next (it nonces its own scripts) and
 *    sent to the browser with HSTS when NEXTAUTH_URL is https (decision 0042).
 */
import { NextResponse, type NextRequest } from 'next/server';
import { getEnv } from './config/env';
import { isCrossSitePagePost, pageSecurityHeaders } from './server/http/security-headers';

export function proxy(request: NextRequest) {
  const env = getEnv();
  if (isCrossSitePagePost(request.method, request.headers)) {
    return NextResponse.json(
      // Name the address: opening Planner at another one (127.0.0.1 for localhost) is the usual cause.
      { error: { code: 'cross_site_request', message: `Requests that change data must come from Planner itself: open Planner at ${new URL(env.NEXTAUTH_URL).origin}` } },
      { status: 403, headers: { 'cache-control': 'no-store' } },
    );
  }
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const headers = pageSecurityHeaders({ nonce, dev: env.NODE_ENV === 'development', https: env.NEXTAUTH_URL.startsWith('https://') });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', headers['Content-Security-Policy']);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: ['/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)'],
};
