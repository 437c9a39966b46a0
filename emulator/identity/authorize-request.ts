/**
 * Validation of /authorize requests (docs/graph-facts.md §6). A bad client or redirect URI is
 * shown as an error page (there is nowhere safe to send it); every other problem goes
 * back to the redirect URI with `error`, `error_description` and `state`.
 */
import { OAuthError } from '../errors';
import type { ClientRegistration } from '../options';
import { parseScopes } from './scopes';

export interface AuthorizeRequest {
  id: string;
  tenant: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string | null;
  nonce: string | null;
  responseMode: 'query' | 'fragment' | 'form_post';
  codeChallenge: string | null;
  codeChallengeMethod: 'S256' | 'plain' | null;
  loginHint: string | null;
  prompt: string | null;
}

export type AuthorizeValidation =
  | { kind: 'ok'; request: AuthorizeRequest }
  | { kind: 'page'; error: OAuthError }
  | { kind: 'redirect'; redirectUri: string; responseMode: AuthorizeRequest['responseMode']; state: string | null; error: OAuthError };

export function validateAuthorizeRequest(
  q: Record<string, string>,
  tenant: string,
  clients: Record<string, ClientRegistration>,
  id: string,
): AuthorizeValidation {
  const client = q.client_id ? clients[q.client_id] : undefined;
  if (!q.client_id) return page(900144, "The request body must contain the following parameter: 'client_id'.");
  if (!client) return page(700016, `Application with identifier '${q.client_id}' was not found in the directory.`);
  if (!q.redirect_uri || !client.redirectUris.includes(q.redirect_uri)) {
    return page(50011, `The redirect URI '${q.redirect_uri ?? ''}' specified in the request does not match the redirect URIs configured for the application '${client.clientId}'.`);
  }
  const responseMode = (q.response_mode ?? 'query') as AuthorizeRequest['responseMode'];
  if (!['query', 'fragment', 'form_post'].includes(responseMode)) {
    return page(900144, `The response_mode '${q.response_mode}' is not supported.`);
  }
  const back = (error: OAuthError): AuthorizeValidation => ({ kind: 'redirect', redirectUri: q.redirect_uri, responseMode, state: q.state ?? null, error });
  if (q.response_type !== 'code') {
    return back(new OAuthError(400, 'unsupported_response_type', 700054, `response_type '${q.response_type ?? ''}' is not enabled for the application.`));
  }
  let scopes: string[];
  try {
    const parsed = parseScopes(q.scope);
    scopes = [...parsed.graph, ...parsed.oidc];
  } catch (error) {
    return back(error as OAuthError);
  }
  const pkce = validatePkce(q);
  if (pkce instanceof OAuthError) return back(pkce);
  return {
    kind: 'ok',
    request: {
      id,
      tenant,
      clientId: client.clientId,
      redirectUri: q.redirect_uri,
      scopes,
      state: q.state ?? null,
      nonce: q.nonce ?? null,
      responseMode,
      ...pkce,
      loginHint: q.login_hint ?? null,
      prompt: q.prompt ?? null,
    },
  };
}

function page(aadsts: number, description: string): AuthorizeValidation {
  return { kind: 'page', error: new OAuthError(400, 'invalid_request', aadsts, description) };
}

function validatePkce(q: Record<string, string>): OAuthError | Pick<AuthorizeRequest, 'codeChallenge' | 'codeChallengeMethod'> {
  const challenge = q.code_challenge ?? null;
  const method = q.code_challenge_method ?? null;
  if (!challenge) {
    if (method) return new OAuthError(400, 'invalid_request', 501491, "Invalid size of Code_Challenge parameter.");
    return { codeChallenge: null, codeChallengeMethod: null };
  }
  if (method !== null && method !== 'S256' && method !== 'plain') {
    return new OAuthError(400, 'invalid_request', 501492, `The code_challenge_method '${method}' is not supported; use S256.`);
  }
  if (challenge.length < 43 || challenge.length > 128) {
    return new OAuthError(400, 'invalid_request', 501491, 'Invalid size of Code_Challenge parameter.');
  }
  return { codeChallenge: challenge, codeChallengeMethod: (method ?? 'plain') as 'S256' | 'plain' };
}

/** Where the browser goes with `params` (code or error), honouring response_mode. */
export function redirectTarget(redirectUri: string, mode: AuthorizeRequest['responseMode'], params: Record<string, string>): string {
  const search = new URLSearchParams(params).toString();
  if (mode === 'fragment') return `${redirectUri}#${search}`;
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

export function errorParams(error: OAuthError, state: string | null, traceId: string): Record<string, string> {
  const params: Record<string, string> = {
    error: error.error,
    error_description: `AADSTS${error.aadsts}: ${error.description}\r\nTrace ID: ${traceId}`,
  };
  if (state !== null) params.state = state;
  return params;
}
