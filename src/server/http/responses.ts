/**
 * Every HTTP response Planner builds by hand (decision 0051): JSON (`{ error: { code,
 * message, field? } }` for errors), plain text, a redirect, a one-message page. None is
 * ever cached.
 */
import { type ZodError } from 'zod';

const NO_STORE = 'no-store';

/** A JSON answer, not cached. */
export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { 'cache-control': NO_STORE } });
}

export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

export function jsonError(status: number, code: string, message: string, field?: string): Response {
  const body: ErrorBody = { error: { code, message, ...(field ? { field } : {}) } };
  return json(body, status);
}

/** A 400 naming the first invalid field of a zod error. */
export function validationError(error: ZodError): Response {
  const issue = error.issues[0];
  const field = issue?.path.join('.') || undefined;
  return jsonError(400, 'invalid_request', issue ? `${field ? field + ': ' : ''}${issue.message}` : 'Invalid request', field);
}

/** A text body (never sniffed into HTML), not cached: a handshake token, the metrics exposition. */
export function textResponse(body: string, contentType = 'text/plain; charset=utf-8', status = 200): Response {
  return new Response(body, { status, headers: { 'content-type': contentType, 'x-content-type-options': 'nosniff', 'cache-control': NO_STORE } });
}

/** A 302 that is never cached. */
export function redirectTo(location: string): Response {
  return new Response(null, { status: 302, headers: { location, 'cache-control': NO_STORE } });
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A minimal page with one message and one link (used when there is no session to show the app with). */
export function messagePage(status: number, message: string, link: { href: string; label: string }): Response {
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Planner</title>` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"></head>` +
    `<body style="font-family:system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;line-height:1.5">` +
    `<p role="alert">${escapeHtml(message)}</p><p><a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a></p></body></html>`;
  return new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': NO_STORE } });
}
