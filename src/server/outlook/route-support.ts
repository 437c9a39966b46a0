/** Small helpers the Outlook routes share: where to send the browser, and the CSRF check. */

export const INTEGRATIONS_PATH = '/settings/integrations';
export const SIGN_IN_PATH = '/sign-in';

/** Absolute URL of the integrations page on the app's public URL, with a result in the query. */
export function integrationsPageUrl(appUrl: string, params: Record<string, string> = {}): string {
  const url = new URL(INTEGRATIONS_PATH, appUrl);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

export function signInUrl(appUrl: string): string {
  const url = new URL(SIGN_IN_PATH, appUrl);
  url.searchParams.set('next', INTEGRATIONS_PATH);
  return url.toString();
}

/** A 302 that is never cached. */
export function redirectTo(location: string): Response {
  return new Response(null, { status: 302, headers: { location, 'cache-control': 'no-store' } });
}

/**
 * CSRF check for state-changing POSTs: the browser's Origin must be the app's
 * own (public URL or the Host it was sent to); without an Origin header,
 * Sec-Fetch-Site must say same-origin. Anything else is refused.
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

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A minimal page with one message and one link (used when there is no session to show the app with). */
export function messagePage(status: number, message: string, link: { href: string; label: string }): Response {
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Planner</title>` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"></head>` +
    `<body style="font-family:system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;line-height:1.5">` +
    `<p role="alert">${escapeHtml(message)}</p><p><a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a></p></body></html>`;
  return new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}
