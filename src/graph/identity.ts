/**
 * Microsoft identity platform v2 (docs/graph-facts.md §6) through oauth4webapi: the
 * authorize URL (PKCE S256 + state), the code exchange (code_verifier + client
 * secret) and the refresh. Hosts come from MICROSOFT_LOGIN_BASE_URL and the
 * tenant; plain http is allowed only for a loopback host (the emulator).
 */
import * as oauth from 'oauth4webapi';
import { GraphError, GraphNetworkError, NeedsReconnectError, RECONNECT_OAUTH_ERRORS } from './errors';

export const OUTLOOK_SCOPES = ['Tasks.ReadWrite', 'offline_access', 'User.Read', 'openid', 'profile', 'email'] as const;

export interface IdentityConfig {
  /** e.g. https://login.microsoftonline.com or the emulator's URL. */
  loginBaseUrl: string;
  /** common | organizations | consumers | a tenant id. */
  tenantId: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface TokenSet {
  accessToken: string;
  /** Absent when Microsoft did not rotate it (keep the stored one). */
  refreshToken?: string;
  expiresAt: Date;
  scope?: string;
}

export interface AuthorizationRequest {
  url: string;
  state: string;
  codeVerifier: string;
}

export interface IdentityClient {
  readonly authorizeEndpoint: string;
  readonly tokenEndpoint: string;
  /** A fresh state + PKCE verifier and the URL to send the browser to. */
  createAuthorizationRequest(options?: { prompt?: string; loginHint?: string }): Promise<AuthorizationRequest>;
  /** Exchanges the callback's code; `callbackParams` is the callback query. */
  exchangeCode(callbackParams: URLSearchParams, expectedState: string, codeVerifier: string, now?: Date): Promise<TokenSet>;
  refresh(refreshToken: string, now?: Date): Promise<TokenSet>;
}

/** `_expectedIssuer` is how oauth4webapi lets a multi-tenant issuer ({tenantid}) be checked. */
const expectedIssuerHook = (oauth as unknown as { _expectedIssuer?: symbol })._expectedIssuer;

export function createIdentityClient(config: IdentityConfig): IdentityClient {
  const base = config.loginBaseUrl.replace(/\/+$/, '');
  const tenantBase = `${base}/${encodeURIComponent(config.tenantId)}`;
  const as: oauth.AuthorizationServer = {
    issuer: `${tenantBase}/v2.0`,
    authorization_endpoint: `${tenantBase}/oauth2/v2.0/authorize`,
    token_endpoint: `${tenantBase}/oauth2/v2.0/token`,
  };
  if (expectedIssuerHook) {
    // Entra signs ID tokens with the user's own tenant: {base}/{tid}/v2.0.
    (as as unknown as Record<symbol, unknown>)[expectedIssuerHook] = (result: { claims: { tid?: unknown } }) =>
      typeof result.claims.tid === 'string' ? `${base}/${result.claims.tid}/v2.0` : as.issuer;
  }
  const client: oauth.Client = { client_id: config.clientId };
  const clientAuth = oauth.ClientSecretPost(config.clientSecret);
  const requestOptions = httpOptions(config);

  return {
    authorizeEndpoint: as.authorization_endpoint!,
    tokenEndpoint: as.token_endpoint!,
    async createAuthorizationRequest(options = {}) {
      const state = oauth.generateRandomState();
      const codeVerifier = oauth.generateRandomCodeVerifier();
      const url = new URL(as.authorization_endpoint!);
      url.search = new URLSearchParams({
        client_id: config.clientId,
        response_type: 'code',
        redirect_uri: config.redirectUri,
        response_mode: 'query',
        scope: OUTLOOK_SCOPES.join(' '),
        state,
        code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        ...(options.prompt ? { prompt: options.prompt } : {}),
        ...(options.loginHint ? { login_hint: options.loginHint } : {}),
      }).toString();
      return { url: url.toString(), state, codeVerifier };
    },
    async exchangeCode(callbackParams, expectedState, codeVerifier, now = new Date()) {
      return tokenCall(now, async () => {
        const params = oauth.validateAuthResponse(as, client, callbackParams, expectedState);
        const response = await oauth.authorizationCodeGrantRequest(as, client, clientAuth, params, config.redirectUri, codeVerifier, requestOptions);
        return oauth.processAuthorizationCodeResponse(as, client, response);
      });
    },
    async refresh(refreshToken, now = new Date()) {
      return tokenCall(now, async () => {
        const response = await oauth.refreshTokenGrantRequest(as, client, clientAuth, refreshToken, {
          ...requestOptions,
          additionalParameters: { scope: OUTLOOK_SCOPES.join(' ') },
        });
        return oauth.processRefreshTokenResponse(as, client, response);
      });
    },
  };
}

function httpOptions(config: IdentityConfig): oauth.TokenEndpointRequestOptions {
  const options: oauth.TokenEndpointRequestOptions = {
    signal: () => AbortSignal.timeout(config.timeoutMs ?? 30_000),
  };
  if (config.fetch) options[oauth.customFetch] = config.fetch;
  if (isLoopbackHttp(config.loginBaseUrl)) options[oauth.allowInsecureRequests] = true;
  return options;
}

export function isLoopbackHttp(url: string): boolean {
  const u = new URL(url);
  return u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(u.hostname);
}

/** Runs a token request and turns every failure into a typed error. */
async function tokenCall(now: Date, fn: () => Promise<oauth.TokenEndpointResponse>): Promise<TokenSet> {
  let result: oauth.TokenEndpointResponse;
  try {
    result = await fn();
  } catch (error) {
    throw toIdentityError(error);
  }
  return {
    accessToken: result.access_token,
    refreshToken: result.refresh_token,
    expiresAt: new Date(now.getTime() + (result.expires_in ?? 3600) * 1000),
    scope: result.scope,
  };
}

export function toIdentityError(error: unknown): Error {
  if (error instanceof oauth.ResponseBodyError || error instanceof oauth.AuthorizationResponseError) {
    const status = error instanceof oauth.ResponseBodyError ? error.status : 400;
    const description = error.error_description ?? error.error;
    if (RECONNECT_OAUTH_ERRORS.has(error.error)) return new NeedsReconnectError(error.error, description);
    return new GraphError(status, error.error, description, { method: 'POST', path: '/oauth2/v2.0/token' });
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    const challenge = error.cause[0];
    const code = challenge?.parameters.error ?? 'invalid_client';
    return new GraphError(error.status, code, challenge?.parameters.error_description ?? code, { method: 'POST', path: '/oauth2/v2.0/token' });
  }
  if (error instanceof oauth.OperationProcessingError) {
    const status = error.cause instanceof Response ? error.cause.status : 502;
    return new GraphError(status, 'invalid_token_response', error.message, { method: 'POST', path: '/oauth2/v2.0/token' });
  }
  if (error instanceof TypeError || (error as Error)?.name === 'TimeoutError' || (error as Error)?.name === 'AbortError') {
    return new GraphNetworkError(`Token endpoint unreachable: ${(error as Error).message}`, { cause: error });
  }
  return error as Error;
}
