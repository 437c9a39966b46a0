/**
 * Identity platform v2 endpoints: /{tenant}/oauth2/v2.0/authorize (+ consent form),
 * /{tenant}/oauth2/v2.0/token, OpenID discovery and keys (docs/graph-facts.md §6).
 */
import type { Context, Hono } from 'hono';
import type { AppEnv, EmulatorCore } from '../core';
import { OAuthError } from '../errors';
import { newGuid } from '../ids';
import { type AuthorizeRequest, errorParams, redirectTarget, validateAuthorizeRequest } from './authorize-request';
import { consentPage, errorPage, formPostPage } from './pages';
import { CONSUMER_TENANT_ID } from './token-service';

export function registerIdentityRoutes(app: Hono<AppEnv>, core: EmulatorCore): void {
  app.get('/:tenant/oauth2/v2.0/authorize', (c) => handleAuthorize(c, core));
  app.post('/:tenant/oauth2/v2.0/authorize/consent', (c) => handleConsent(c, core));
  app.post('/:tenant/oauth2/v2.0/token', (c) => handleToken(c, core));
  app.get('/:tenant/v2.0/.well-known/openid-configuration', (c) => c.json(discovery(core, c.req.param('tenant'))));
  app.get('/:tenant/discovery/v2.0/keys', (c) => c.json(core.key.jwks()));
}

function handleAuthorize(c: Context<AppEnv>, core: EmulatorCore) {
  const validation = validateAuthorizeRequest(c.req.query(), c.req.param('tenant') ?? 'common', core.store.state.clients, newGuid());
  if (validation.kind === 'page') return c.html(errorPage(validation.error.aadsts, validation.error.description), 400);
  if (validation.kind === 'redirect') {
    return respondToClient(c, validation.redirectUri, validation.responseMode, errorParams(validation.error, validation.state, newGuid()));
  }
  const request = validation.request;
  if (core.options.autoApprove) return approve(c, core, request, request.loginHint);
  if (request.prompt === 'none') {
    const error = new OAuthError(400, 'login_required', 50058, 'A silent sign-in request was sent but no user is signed in.');
    return respondToClient(c, request.redirectUri, request.responseMode, errorParams(error, request.state, newGuid()));
  }
  core.pendingAuthorizations.set(request.id, request);
  const action = `/${encodeURIComponent(request.tenant)}/oauth2/v2.0/authorize/consent`;
  return c.html(consentPage(request, core.store.users(), action));
}

async function handleConsent(c: Context<AppEnv>, core: EmulatorCore) {
  const form = (await c.req.parseBody()) as Record<string, string>;
  const request = core.pendingAuthorizations.get(form.request_id ?? '');
  if (!request) return c.html(errorPage(90014, 'The sign-in request expired or was already completed. Start again from the app.'), 400);
  core.pendingAuthorizations.delete(request.id);
  if (form.decision !== 'accept') {
    const error = new OAuthError(400, 'access_denied', 65004, 'User declined to consent to access the app.');
    return respondToClient(c, request.redirectUri, request.responseMode, errorParams(error, request.state, newGuid()));
  }
  const account = (form.new_account ?? '').trim() || form.account;
  return approve(c, core, request, account || null);
}

function approve(c: Context<AppEnv>, core: EmulatorCore, request: AuthorizeRequest, account: string | null) {
  const user = pickUser(core, account);
  const grant = core.tokens.createGrant(user.id, request.clientId, request.scopes);
  const code = core.tokens.issueCode({
    grantId: grant.id,
    clientId: request.clientId,
    redirectUri: request.redirectUri,
    scopes: request.scopes,
    codeChallenge: request.codeChallenge,
    codeChallengeMethod: request.codeChallengeMethod,
    nonce: request.nonce,
    tenant: request.tenant,
  });
  const params: Record<string, string> = { code };
  if (request.state !== null) params.state = request.state;
  return respondToClient(c, request.redirectUri, request.responseMode, params);
}

function pickUser(core: EmulatorCore, account: string | null) {
  if (account) return core.store.findUser(account) ?? core.store.createUser({ email: account });
  const sandbox = core.options.sandboxUser;
  const found = sandbox ? core.store.findUser(sandbox.email) : undefined;
  return found ?? core.store.users()[0] ?? core.store.createUser(sandbox || { email: 'sandbox@planner.test' });
}

function respondToClient(c: Context<AppEnv>, redirectUri: string, mode: AuthorizeRequest['responseMode'], params: Record<string, string>) {
  if (mode === 'form_post') return c.html(formPostPage(redirectUri, params));
  return c.redirect(redirectTarget(redirectUri, mode, params), 302);
}

async function handleToken(c: Context<AppEnv>, core: EmulatorCore) {
  try {
    const contentType = c.req.header('content-type') ?? '';
    if (!contentType.includes('application/x-www-form-urlencoded')) {
      throw new OAuthError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'.");
    }
    const form = Object.fromEntries(new URLSearchParams(await c.req.text())) as Record<string, string>;
    const clientId = authenticateClient(core, form, c.req.header('authorization'));
    const body = form.grant_type === 'authorization_code'
      ? core.tokens.redeemCode(form, clientId)
      : form.grant_type === 'refresh_token'
        ? core.tokens.refresh(form, clientId)
        : unsupportedGrant(form.grant_type);
    c.header('Cache-Control', 'no-store, no-cache');
    c.header('Pragma', 'no-cache');
    return c.json(body);
  } catch (error) {
    if (error instanceof OAuthError) return oauthErrorResponse(c, core, error);
    throw error;
  }
}

function unsupportedGrant(grantType: string | undefined): never {
  throw new OAuthError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType ?? ''}'.`);
}

/** client_secret in the body or HTTP Basic (docs/graph-facts.md §6). */
function authenticateClient(core: EmulatorCore, form: Record<string, string>, authorization: string | undefined): string {
  let clientId = form.client_id;
  let secret = form.client_secret;
  if (authorization?.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const sep = decoded.indexOf(':');
    const basicId = decodeURIComponent(decoded.slice(0, sep));
    if (clientId && clientId !== basicId) throw new OAuthError(401, 'invalid_client', 7000216, 'The client_id in the body does not match the one in the Authorization header.');
    clientId = basicId;
    secret = decodeURIComponent(decoded.slice(sep + 1));
  }
  if (!clientId) throw new OAuthError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_id'.");
  const client = core.store.state.clients[clientId];
  if (!client) throw new OAuthError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory.`);
  if (!secret) throw new OAuthError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  if (secret !== client.clientSecret) throw new OAuthError(401, 'invalid_client', 7000215, 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.');
  return clientId;
}

function oauthErrorResponse(c: Context<AppEnv>, core: EmulatorCore, error: OAuthError) {
  const traceId = newGuid();
  const correlationId = newGuid();
  const timestamp = core.clock.nowIso().replace('T', ' ').slice(0, 19) + 'Z';
  return c.json(
    {
      error: error.error,
      error_description: `AADSTS${error.aadsts}: ${error.description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [error.aadsts],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `${core.baseUrl()}/error?code=${error.aadsts}`,
    },
    error.status as 400 | 401,
  );
}

function discovery(core: EmulatorCore, tenant: string) {
  const base = core.baseUrl();
  const issuerTenant = tenant === 'consumers' ? CONSUMER_TENANT_ID : tenant === 'common' || tenant === 'organizations' ? '{tenantid}' : tenant;
  return {
    issuer: `${base}/${issuerTenant}/v2.0`,
    authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/authorize`,
    token_endpoint: `${base}/${tenant}/oauth2/v2.0/token`,
    jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`,
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic', 'private_key_jwt'],
    code_challenge_methods_supported: ['plain', 'S256'],
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce', 'name', 'preferred_username', 'email', 'oid', 'tid', 'ver'],
    tenant_region_scope: null,
    userinfo_endpoint: `${base}/oidc/userinfo`,
  };
}
