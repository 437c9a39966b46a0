/**
 * The browser-facing security headers (issue 13 §2.6; decision 0042). Pure: the
 * proxy (src/proxy.ts) passes a fresh nonce per page request and whether the app
 * is served over https; next.config.ts sends STATIC_SECURITY_HEADERS on every path.
 *
 *  - script-src: 'self' + the request's nonce + 'strict-dynamic'. Next puts the
 *    nonce on its own inline and bundle scripts when the request carries this CSP;
 *    no 'unsafe-inline' for scripts. Development adds 'unsafe-eval' (React's dev tools).
 *  - style-src: 'self' 'unsafe-inline': React and recharts write style="" attributes,
 *    which no nonce can cover (and a nonce would switch 'unsafe-inline' off).
 *  - frame-ancestors 'none' + X-Frame-Options DENY: nobody frames Planner.
 *  - form-action 'self': our forms post only to us (Connect Outlook is a link).
 */

export const STATIC_SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
};

export const HSTS_VALUE = 'max-age=31536000; includeSubDomains';

export interface CspOptions {
  nonce: string;
  /** `next dev`: React needs eval for its debugging aids. */
  dev?: boolean;
}

export function contentSecurityPolicy({ nonce, dev = false }: CspOptions): string {
  const directives: [string, string[]][] = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])]],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'", 'data:']],
    ['connect-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'self'"]],
    ['form-action', ["'self'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}

/** Headers of a page response: CSP, plus HSTS when the app's own URL is https. */
export function pageSecurityHeaders(options: CspOptions & { https: boolean }): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(options),
    ...(options.https ? { 'Strict-Transport-Security': HSTS_VALUE } : {}),
  };
}

/**
 * A POST to a page from another site: the shape of a forged server action. Next
 * refuses those too (Origin's host must equal x-forwarded-host or Host) but answers
 * 500; the proxy answers 403 first. Same rule as Next: no Origin passes (not a
 * browser's cross-site request), 'null' or a malformed Origin does not.
 */
export function isCrossSitePagePost(method: string, headers: Headers): boolean {
  if (method !== 'POST') return false;
  const origin = headers.get('origin');
  if (!origin) return false;
  const host = headers.get('x-forwarded-host')?.split(',')[0]?.trim() || headers.get('host');
  if (!host) return true;
  try {
    return origin === 'null' || new URL(origin).host !== host;
  } catch {
    return true;
  }
}
