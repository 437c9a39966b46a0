/**
 * Plumbing shared by the /api/projects and /api/tasks route handlers: resolve the
 * signed-in user from `request.headers`, read the JSON body, run one service
 * call, and answer JSON. Every expected failure becomes `{error: {code, message,
 * field?}}` with its 4xx status (401 without a session).
 */
import { getEnv } from '../../config/env';
import { requireUserContext, type UserContext } from '../auth/context';
import { jsonError, readJson } from '../http/errors';
import { errorResponse } from './errors';

const NO_STORE = { 'cache-control': 'no-store' };

export interface RouteOptions {
  /** HTTP status of a successful answer (default 200). */
  status?: number;
  /** Read a JSON body and pass it on (POST/PATCH). */
  body?: boolean;
}

export async function userRoute(
  request: Request,
  run: (context: UserContext, body: unknown) => Promise<unknown>,
  options: RouteOptions = {},
): Promise<Response> {
  if (isCrossSiteWrite(request)) {
    return jsonError(403, 'cross_site_request', 'Requests that change data must come from Planner itself');
  }
  try {
    const context = await requireUserContext(request.headers);
    let body: unknown;
    if (options.body) {
      const parsed = await readJson(request, 100_000);
      if (!parsed.ok) return parsed.response;
      body = parsed.value ?? {};
    }
    const result = await run(context, body);
    return Response.json(result, { status: options.status ?? 200, headers: NO_STORE });
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * CSRF guard: a browser always sends Origin on a cross-site POST/PATCH/DELETE;
 * only our own origin (NEXTAUTH_URL) may change data with the session cookie.
 * Requests without Origin (curl, server-to-server) carry no ambient cookie risk.
 */
function isCrossSiteWrite(request: Request): boolean {
  if (request.method === 'GET' || request.method === 'HEAD') return false;
  const origin = request.headers.get('origin');
  if (!origin) return false;
  return origin !== new URL(getEnv().NEXTAUTH_URL).origin;
}

/** Query parameters as a plain object (repeated keys: the last wins). */
export function queryOf(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams.entries());
}

/** The `[id]` segment of a dynamic route (Next passes params as a promise). */
export type IdParams = { params: Promise<{ id: string }> };
