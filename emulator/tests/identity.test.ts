/** Conformance: Microsoft identity platform v2 (issue point 1; docs/graph-facts.md §6). */
import { createPublicKey, type JsonWebKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../index';
import { authorize, authorizeUrl, CLIENT, graphClient, pkcePair, REDIRECT, signIn, start, tokenRequest } from './helpers';

let emu: Emulator;
beforeAll(async () => {
  emu = await start();
});
afterAll(() => emu.close());

async function codeWithPkce() {
  const pkce = pkcePair();
  const query = await authorize(emu, { code_challenge: pkce.challenge, code_challenge_method: 'S256' });
  return { code: query.get('code')!, state: query.get('state'), ...pkce };
}

describe('authorize (docs/graph-facts.md §6: authorize parameters)', () => {
  it('redirects back with a code and the same state', async () => {
    const { code, state } = await codeWithPkce();
    expect(code).toBeTruthy();
    expect(state).toBe('st-123');
  });

  it('shows an error page, not a redirect, when redirect_uri is not registered exactly', async () => {
    const response = await fetch(authorizeUrl(emu, { redirect_uri: `${REDIRECT}/other` }), { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('AADSTS50011');
  });

  it('shows an error page for an unknown client_id', async () => {
    const response = await fetch(authorizeUrl(emu, { client_id: 'nobody' }), { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('AADSTS700016');
  });

  it('sends unsupported_response_type back to the redirect URI with error_description and state', async () => {
    const query = await authorize(emu, { response_type: 'token' });
    expect(query.get('error')).toBe('unsupported_response_type');
    expect(query.get('error_description')).toMatch(/^AADSTS\d+/);
    expect(query.get('state')).toBe('st-123');
  });

  it('sends invalid_scope back for a malformed scope', async () => {
    const query = await authorize(emu, { scope: 'openid not a scope' });
    expect(query.get('error')).toBe('invalid_scope');
  });

  it('refuses an unknown code_challenge_method', async () => {
    const query = await authorize(emu, { code_challenge: pkcePair().challenge, code_challenge_method: 'S512' });
    expect(query.get('error')).toBe('invalid_request');
  });

  it('shows the consent page when not auto-approving, and Decline returns access_denied', async () => {
    const manual = await start({ autoApprove: false });
    try {
      const page = await fetch(authorizeUrl(manual, {}), { redirect: 'manual' });
      const html = await page.text();
      expect(html).toContain('Accept');
      expect(html).toContain('sandbox@planner.test');
      const requestId = /name="request_id" value="([^"]+)"/.exec(html)![1];
      const declined = await fetch(`${manual.url}/common/oauth2/v2.0/authorize/consent`, {
        method: 'POST',
        redirect: 'manual',
        body: new URLSearchParams({ request_id: requestId, decision: 'decline', account: 'sandbox@planner.test' }),
      });
      const back = new URL(declined.headers.get('location')!);
      expect(back.searchParams.get('error')).toBe('access_denied');
      expect(back.searchParams.get('state')).toBe('st-123');
    } finally {
      await manual.close();
    }
  });
});

describe('token endpoint (docs/graph-facts.md §6: token request, refresh, errors)', () => {
  it('exchanges a code with the right verifier for tokens (secret in the body)', async () => {
    const { code, verifier } = await codeWithPkce();
    const result = await tokenRequest(emu, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(result.body.refresh_token).toBeTruthy();
    expect(String(result.body.id_token).split('.')).toHaveLength(3);
  });

  it('accepts the client secret as HTTP Basic', async () => {
    const { code, verifier } = await codeWithPkce();
    const result = await tokenRequest(emu, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier }, true);
    expect(result.status).toBe(200);
  });

  it('PKCE mismatch → invalid_grant', async () => {
    const { code } = await codeWithPkce();
    const result = await tokenRequest(emu, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: pkcePair().verifier });
    expect(result.status).toBe(400);
    expect(result.body.error).toBe('invalid_grant');
    expect(result.body.error_description).toMatch(/^AADSTS501481/);
  });

  it('reused code → invalid_grant (single-use code, AADSTS54005)', async () => {
    const { code, verifier } = await codeWithPkce();
    const form = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier };
    expect((await tokenRequest(emu, form)).status).toBe(200);
    const again = await tokenRequest(emu, form);
    expect(again.body.error).toBe('invalid_grant');
    expect(again.body.error_description).toMatch(/^AADSTS54005/);
  });

  it('a code older than ~10 minutes → invalid_grant AADSTS70008', async () => {
    const { code, verifier } = await codeWithPkce();
    await emu.control.advanceClock(11 * 60);
    const result = await tokenRequest(emu, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier });
    expect(result.body.error).toBe('invalid_grant');
    expect(result.body.error_description).toMatch(/^AADSTS70008/);
  });

  it('a different redirect_uri at redemption → invalid_grant', async () => {
    const { code, verifier } = await codeWithPkce();
    const result = await tokenRequest(emu, { grant_type: 'authorization_code', code, redirect_uri: 'http://127.0.0.1:1/other', code_verifier: verifier });
    expect(result.body.error).toBe('invalid_grant');
  });

  it('a wrong client secret → 401 invalid_client', async () => {
    const { code, verifier } = await codeWithPkce();
    const result = await tokenRequest(emu, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier, client_secret: 'wrong' });
    expect(result.status).toBe(401);
    expect(result.body.error).toBe('invalid_client');
  });

  it('refresh returns a new refresh token every time', async () => {
    const first = await signIn(emu);
    const refreshed = await tokenRequest(emu, { grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).toBeTruthy();
    expect(refreshed.body.refresh_token).not.toBe(first.refresh_token);
    expect(refreshed.body.access_token).not.toBe(first.access_token);
  });

  it('a revoked grant → invalid_grant with an AADSTS code', async () => {
    const user = await emu.control.createUser({ email: 'revoked@planner.test' });
    const tokens = await signIn(emu, user.user.email);
    await emu.control.revokeRefreshTokens(user.user.id);
    const result = await tokenRequest(emu, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(result.status).toBe(400);
    expect(result.body.error).toBe('invalid_grant');
    expect(result.body.error_description).toMatch(/^AADSTS50173/);
  });

  it('a refresh token idle past its lifetime → invalid_grant AADSTS700082', async () => {
    const short = await start({ refreshTokenTtlSeconds: 60 });
    try {
      const tokens = await signIn(short);
      await short.control.advanceClock(120);
      const result = await tokenRequest(short, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
      expect(result.body.error).toBe('invalid_grant');
      expect(result.body.error_description).toMatch(/^AADSTS700082/);
    } finally {
      await short.close();
    }
  });

  it('offline_access decides whether a refresh token is issued', async () => {
    const pkce = pkcePair();
    const query = await authorize(emu, { scope: 'openid Tasks.ReadWrite', code_challenge: pkce.challenge, code_challenge_method: 'S256' });
    const result = await tokenRequest(emu, { grant_type: 'authorization_code', code: query.get('code')!, redirect_uri: REDIRECT, code_verifier: pkce.verifier });
    expect(result.status).toBe(200);
    expect(result.body.refresh_token).toBeUndefined();
  });

  it('an unknown client → unauthorized_client', async () => {
    const result = await tokenRequest(emu, { grant_type: 'refresh_token', refresh_token: 'x', client_id: 'ghost' });
    expect(result.body.error).toBe('unauthorized_client');
  });
});

describe('access tokens on Graph (docs/graph-facts.md §6; issue point 1)', () => {
  it('Graph without a token → 401 InvalidAuthenticationToken', async () => {
    const response = await fetch(`${emu.graphUrl}/me`);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('InvalidAuthenticationToken');
  });

  it('an expired access token → 401; the refreshed one works', async () => {
    const tokens = await signIn(emu);
    const graph = graphClient(emu, tokens.access_token);
    expect((await graph('GET', '/me')).status).toBe(200);
    await emu.control.expireAccessTokens();
    const expired = await graph('GET', '/me');
    expect(expired.status).toBe(401);
    expect((expired.body as { error: { code: string } }).error.code).toBe('InvalidAuthenticationToken');
    const refreshed = await tokenRequest(emu, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect((await graphClient(emu, String(refreshed.body.access_token))('GET', '/me')).status).toBe(200);
  });

  it('access tokens expire after the configured lifetime', async () => {
    const tokens = await signIn(emu);
    await emu.control.advanceClock(3601);
    expect((await graphClient(emu, tokens.access_token)('GET', '/me')).status).toBe(401);
  });

  it('login_hint picks (or creates) the sandbox account that signs in', async () => {
    const tokens = await signIn(emu, 'someone.else@planner.test');
    const me = await graphClient(emu, tokens.access_token)('GET', '/me');
    expect(me.body).toMatchObject({ mail: 'someone.else@planner.test', displayName: 'Someone Else' });
  });

  it('a token without Tasks.ReadWrite gets 403 on To Do', async () => {
    const user = (await emu.control.users())[0];
    const token = await emu.control.mintToken(user.id, { clientId: CLIENT.clientId, scopes: ['User.Read'] });
    const result = await graphClient(emu, token.access_token)('GET', '/me/todo/lists');
    expect(result.status).toBe(403);
  });
});

describe('OpenID details (docs/graph-facts.md §6: openid gives an id_token; response_mode)', () => {
  it('the id_token is an RS256 JWT that verifies against the published keys', async () => {
    const tokens = await signIn(emu, 'jwt.user@planner.test');
    const [header, payload, signature] = tokens.id_token.split('.');
    const config = (await (await fetch(`${emu.url}/common/v2.0/.well-known/openid-configuration`)).json()) as { jwks_uri: string; token_endpoint: string };
    expect(config.token_endpoint).toBe(`${emu.url}/common/oauth2/v2.0/token`);
    const jwks = (await (await fetch(config.jwks_uri)).json()) as { keys: (JsonWebKey & { kid: string })[] };
    const kid = JSON.parse(Buffer.from(header, 'base64url').toString()).kid;
    const key = createPublicKey({ key: jwks.keys.find((k) => k.kid === kid)!, format: 'jwk' });
    expect(verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'))).toBe(true);
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    expect(claims).toMatchObject({ aud: CLIENT.clientId, email: 'jwt.user@planner.test', ver: '2.0' });
  });

  it('response_mode=form_post answers with an auto-submitting form to the redirect URI', async () => {
    const response = await fetch(authorizeUrl(emu, { response_mode: 'form_post' }), { redirect: 'manual' });
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain(`action="${REDIRECT}"`);
    expect(html).toMatch(/name="code" value="[^"]+"/);
    expect(html).toContain('name="state" value="st-123"');
  });

  it('prompt=none without auto-approval → login_required back to the app', async () => {
    const manual = await start({ autoApprove: false });
    try {
      const query = await authorize(manual, { prompt: 'none' });
      expect(query.get('error')).toBe('login_required');
      expect(query.get('state')).toBe('st-123');
    } finally {
      await manual.close();
    }
  });
});
