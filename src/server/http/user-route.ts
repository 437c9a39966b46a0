/**
 * Plumbing of the /api/projects, /api/tasks and /api/changes route handlers: refuse a
 * cross-site write, resolve the signed-in user from `request.headers`, read the JSON
 * body, run one service call, and answer JSON. Every expected failure becomes
 * `{error: {code, message, field?}}` with its 4xx status (401 without a session).
 */
import { getEnv } from '../../config/env';
import { requireUserContext, type UserContext } from '../auth/context';
import { errorResponse } from './error-response';
import { readJson } from './request-body';
import { json, jsonError } from './responses';
import { isCrossSiteWrite } from './same-origin';

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
    // Name the address: opening Planner at another one (127.0.0.1 for localhost) is the usual cause.
    const home = new URL(getEnv().NEXTAUTH_URL).origin;
    return jsonError(403, 'cross_site_request', `Requests that change data must come from Planner itself: open Planner at ${home}`);
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
    return json(result, options.status ?? 200);
  } catch (error) {
    return errorResponse(error);
  }
}

/** Query parameters as a plain object (repeated keys: the last wins). */
export function queryOf(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams.entries());
}

/** The `[id]` segment of a dynamic route (Next passes params as a promise). */
export type IdParams = { params: Promise<{ id: string }> };
