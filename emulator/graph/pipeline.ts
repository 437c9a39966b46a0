/**
 * What every Graph request goes through before its handler: request ids, bearer
 * token (401 InvalidAuthenticationToken), permission (403), per-mailbox throttling
 * (429), injected faults, simulated latency. `$batch` envelopes skip throttling:
 * each inner request is counted on its own (docs/graph-facts.md §5).
 */
import type { Context, Hono, Next } from 'hono';
import type { AppEnv, EmulatorCore } from '../core';
import type { FaultStep } from '../control-types';
import { GraphHttpError, graphErrorBody } from '../errors';
import { newGuid } from '../ids';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function registerGraphPipeline(app: Hono<AppEnv>, core: EmulatorCore): void {
  app.use('/v1.0/*', async (c, next) => {
    const requestId = newGuid();
    c.set('requestId', requestId);
    c.header('request-id', requestId);
    c.header('client-request-id', c.req.header('client-request-id') ?? requestId);
    authenticate(c, core);
    requirePermission(c);
    if (c.req.path === '/v1.0/$batch') await next();
    else await throttledCall(c, next, core);
    useODataContentType(c);
  });
}

const ODATA_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** Graph answers JSON with OData parameters in Content-Type; a client must not compare it for equality. */
function useODataContentType(c: Context<AppEnv>): void {
  if (c.res.headers.get('content-type')?.startsWith('application/json')) c.res.headers.set('content-type', ODATA_JSON);
}

function authenticate(c: Context<AppEnv>, core: EmulatorCore): void {
  const header = c.req.header('authorization') ?? '';
  const token = /^bearer\s+(.+)$/i.exec(header)?.[1]?.trim() ?? null;
  const check = core.tokens.checkAccessToken(token);
  if (!check.ok) {
    const message = {
      missing: 'Access token is empty.',
      unknown: 'IDX14100: JWT is not well formed, there are no dots (.).',
      expired: 'Lifetime validation failed, the token is expired.',
    }[check.reason];
    throw new GraphHttpError(401, 'InvalidAuthenticationToken', message, {
      'WWW-Authenticate': `Bearer realm="", authorization_uri="${core.baseUrl()}/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
    });
  }
  core.store.mailbox(check.record.userId);
  c.set('auth', check.record);
}

function requirePermission(c: Context<AppEnv>): void {
  const scopes = c.get('auth').scopes.map((s) => s.toLowerCase());
  const path = c.req.path;
  const isTodo = path.startsWith('/v1.0/me/todo') || path.startsWith('/v1.0/subscriptions');
  const write = c.req.method !== 'GET';
  const ok = isTodo
    ? scopes.includes('tasks.readwrite') || (!write && scopes.includes('tasks.read'))
    : path !== '/v1.0/me' || scopes.includes('user.read') || scopes.includes('user.readbasic.all');
  if (!ok) throw new GraphHttpError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
}

async function throttledCall(c: Context<AppEnv>, next: Next, core: EmulatorCore) {
  const userId = c.get('auth').userId;
  const decision = core.throttle.acquire(userId);
  if (!decision.ok) {
    const message = decision.reason === 'concurrency'
      ? 'Application is over its MailboxConcurrency limit.'
      : 'Application is over its request limit for this mailbox. Retry after the Retry-After interval.';
    throw new GraphHttpError(429, 'TooManyRequests', message, { 'Retry-After': decision.retryAfter });
  }
  try {
    const user = core.store.mailbox(userId).user;
    const step = core.faults.stepFor(c.req.method, c.req.path, user);
    if (step) await applyFault(c, core, step);
    await simulatedLatency(core, core.faults.latencyFor(c.req.method, c.req.path, user));
    await next();
  } finally {
    decision.release();
  }
}

async function applyFault(c: Context<AppEnv>, core: EmulatorCore, step: FaultStep): Promise<void> {
  if (step.kind === 'latency') {
    await sleep(step.ms);
    return;
  }
  if (step.kind === 'timeout') {
    await sleep(step.ms ?? 30_000);
    const incoming = (c.env as { incoming?: { socket?: { destroy(): void } } } | undefined)?.incoming;
    incoming?.socket?.destroy();
    throw new GraphHttpError(504, 'UnknownError', 'The request timed out.');
  }
  if (step.kind === 'status') {
    const headers: Record<string, string> = {};
    const retryAfter = step.retryAfterSeconds ?? (step.status === 429 ? 1 : undefined);
    if (retryAfter !== undefined) headers['Retry-After'] = step.status === 429 ? core.throttle.formatRetryAfter(retryAfter * 1000) : String(retryAfter);
    const [code, message] = FAULT_ERRORS[step.status];
    throw new GraphHttpError(step.status, code, message, headers);
  }
}

const FAULT_ERRORS: Record<number, [string, string]> = {
  429: ['TooManyRequests', 'Too many requests. Retry after the Retry-After interval.'],
  500: ['generalException', 'An unexpected error occurred.'],
  502: ['BadGateway', 'The server received an invalid response from an upstream server.'],
  503: ['serviceNotAvailable', 'The service is temporarily unavailable. Try again later.'],
  504: ['UnknownError', 'The gateway timed out.'],
};

async function simulatedLatency(core: EmulatorCore, extraMs: number): Promise<void> {
  const [min, max] = core.options.latencyMs;
  const ms = (max > 0 ? core.rng.between(min, max) : 0) + extraMs;
  if (ms > 0) await sleep(ms);
}

/** Renders any error thrown on a Graph route as Graph error JSON. */
export function graphErrorResponse(c: Context<AppEnv>, core: EmulatorCore, error: GraphHttpError) {
  const requestId = c.get('requestId') ?? newGuid();
  for (const [k, v] of Object.entries(error.headers)) c.header(k, v);
  c.header('request-id', requestId);
  const body = graphErrorBody(error, requestId, c.req.header('client-request-id') ?? requestId, core.clock.nowIso());
  return c.json(body, error.status as 400);
}
