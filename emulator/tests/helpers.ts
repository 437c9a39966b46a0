/** Test helpers: a started emulator per file, a Graph fetcher and a PKCE browser-less sign-in. */
import { createHash, randomBytes } from 'node:crypto';
import { startEmulator, type Emulator, type EmulatorOptions } from '../index';

export const CLIENT = { clientId: 'planner-test', clientSecret: 'test-secret', redirectUris: ['http://127.0.0.1:1/callback'] };
export const REDIRECT = CLIENT.redirectUris[0];

export function start(options: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator({ clients: [CLIENT], autoApprove: true, allowHttpNotificationUrls: true, ...options });
}

export interface GraphResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export function graphClient(emu: Emulator, token: string) {
  return async <T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<GraphResponse<T>> => {
    const url = path.startsWith('http') ? path : `${emu.graphUrl}${path}`;
    const response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T };
  };
}

export function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

export function authorizeUrl(emu: Emulator, params: Record<string, string>, tenant = 'common'): string {
  const search = new URLSearchParams({
    client_id: CLIENT.clientId,
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope: 'openid profile email offline_access https://graph.microsoft.com/Tasks.ReadWrite https://graph.microsoft.com/User.Read',
    state: 'st-123',
    ...params,
  });
  return `${emu.url}/${tenant}/oauth2/v2.0/authorize?${search}`;
}

/** Follows /authorize (auto-approved) and returns the redirect's query parameters. */
export async function authorize(emu: Emulator, params: Record<string, string> = {}, tenant = 'common'): Promise<URLSearchParams> {
  const response = await fetch(authorizeUrl(emu, params, tenant), { redirect: 'manual' });
  if (response.status !== 302) throw new Error(`authorize answered ${response.status}: ${await response.text()}`);
  return new URL(response.headers.get('location')!).searchParams;
}

export async function tokenRequest(emu: Emulator, form: Record<string, string>, basic = false) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const body = new URLSearchParams(form);
  if (basic) {
    headers.authorization = `Basic ${Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString('base64')}`;
  } else {
    body.set('client_id', form.client_id ?? CLIENT.clientId);
    if (!('client_secret' in form)) body.set('client_secret', CLIENT.clientSecret);
  }
  const response = await fetch(`${emu.url}/common/oauth2/v2.0/token`, { method: 'POST', headers, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Full code + PKCE flow; returns the token response. */
export async function signIn(emu: Emulator, loginHint?: string) {
  const { verifier, challenge } = pkcePair();
  const query = await authorize(emu, { code_challenge: challenge, code_challenge_method: 'S256', ...(loginHint ? { login_hint: loginHint } : {}) });
  const result = await tokenRequest(emu, { grant_type: 'authorization_code', code: query.get('code')!, redirect_uri: REDIRECT, code_verifier: verifier });
  if (result.status !== 200) throw new Error(`token answered ${result.status}: ${JSON.stringify(result.body)}`);
  return result.body as { access_token: string; refresh_token: string; id_token: string; expires_in: number; scope: string };
}
