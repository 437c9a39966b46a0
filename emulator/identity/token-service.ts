/**
 * Grants, codes, refresh tokens and access tokens of the identity platform
 * (docs/graph-facts.md §6). Codes are single use and short lived; each refresh returns a
 * new refresh token; revoked or idle grants answer invalid_grant with an AADSTS code.
 */
import { createHash } from 'node:crypto';
import { OAuthError } from '../errors';
import { newGuid, newOpaqueToken } from '../ids';
import type { ResolvedOptions } from '../options';
import type { Store } from '../store/store';
import type { AccessTokenRecord, AuthCodeRecord, GrantRecord } from '../store/types';
import type { SigningKey } from './keys';
import { isSubset, parseScopes, scopeString } from './scopes';

/** Tenant id of personal Microsoft accounts (consumers). */
export const CONSUMER_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

export interface TokenResponse {
  token_type: 'Bearer';
  scope: string;
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
  refresh_token?: string;
  id_token?: string;
}

export type AccessTokenCheck = { ok: true; record: AccessTokenRecord } | { ok: false; reason: 'missing' | 'unknown' | 'expired' };

export class TokenService {
  constructor(
    private readonly store: Store,
    private readonly options: ResolvedOptions,
    private readonly key: SigningKey,
    private readonly baseUrl: () => string,
  ) {}

  private get state() {
    return this.store.state;
  }

  createGrant(userId: string, clientId: string, scopes: string[]): GrantRecord {
    const grant: GrantRecord = { id: newGuid(), userId, clientId, scopes, revoked: false, createdMs: this.store.now() };
    this.state.grants[grant.id] = grant;
    this.store.touched();
    return grant;
  }

  issueCode(input: Omit<AuthCodeRecord, 'code' | 'expiresMs' | 'redeemed'>): string {
    const code = newOpaqueToken('M.C5_BAY.2.U.', 48);
    this.state.codes[code] = { ...input, code, expiresMs: this.store.now() + this.options.authCodeTtlSeconds * 1000, redeemed: false };
    this.store.touched();
    return code;
  }

  redeemCode(form: Record<string, string>, clientId: string): TokenResponse {
    const record = this.state.codes[form.code ?? ''];
    if (!form.code) throw new OAuthError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'code'.");
    if (!record || record.clientId !== clientId) throw new OAuthError(400, 'invalid_grant', 70000, 'The provided authorization code is invalid or malformed.');
    if (record.redeemed) throw new OAuthError(400, 'invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.');
    if (record.expiresMs < this.store.now()) throw new OAuthError(400, 'invalid_grant', 70008, 'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.');
    record.redeemed = true;
    this.store.touched();
    if (form.redirect_uri !== record.redirectUri) {
      throw new OAuthError(400, 'invalid_grant', 500112, 'The reply address does not match the reply address provided when requesting the authorization code.');
    }
    checkPkce(record, form.code_verifier);
    const grant = this.state.grants[record.grantId];
    return this.tokensFor(grant, record.scopes, record.nonce, record.tenant);
  }

  refresh(form: Record<string, string>, clientId: string): TokenResponse {
    if (!form.refresh_token) throw new OAuthError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'refresh_token'.");
    const record = this.state.refreshTokens[form.refresh_token];
    if (!record) throw new OAuthError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
    const grant = this.state.grants[record.grantId];
    if (!grant || grant.clientId !== clientId) throw new OAuthError(400, 'invalid_grant', 70000, 'Provided grant is invalid or malformed.');
    if (grant.revoked) throw new OAuthError(400, 'invalid_grant', 50173, 'The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.');
    if (record.expiresMs < this.store.now()) throw new OAuthError(400, 'invalid_grant', 700082, 'The refresh token has expired due to inactivity.');
    let scopes = record.scopes;
    if (form.scope) {
      const asked = parseScopes(form.scope);
      const requested = [...asked.graph, ...asked.oidc];
      if (!isSubset(requested.filter((s) => s !== 'offline_access'), grant.scopes)) {
        throw new OAuthError(400, 'invalid_grant', 65001, 'The user or administrator has not consented to use the application for the requested scopes.');
      }
      scopes = requested.includes('offline_access') || record.scopes.includes('offline_access') ? [...new Set([...requested, 'offline_access'])] : requested;
    }
    return this.tokensFor(grant, scopes, null, 'common');
  }

  /** Control API: tokens for a user without the browser flow. */
  mint(userId: string, clientId: string, scopes: string[], offlineAccess: boolean, ttlSeconds?: number): TokenResponse {
    const all = offlineAccess ? [...scopes, 'offline_access'] : scopes;
    const grant = this.createGrant(userId, clientId, all);
    return this.tokensFor(grant, all, null, 'common', ttlSeconds);
  }

  private tokensFor(grant: GrantRecord, scopes: string[], nonce: string | null, tenant: string, ttlSeconds?: number): TokenResponse {
    const ttl = ttlSeconds ?? this.options.accessTokenTtlSeconds;
    const now = this.store.now();
    const graphScopes = scopes.filter((s) => s.includes('.'));
    const accessToken = newOpaqueToken('EwA', 96);
    this.state.accessTokens[accessToken] = { userId: grant.userId, clientId: grant.clientId, grantId: grant.id, scopes: graphScopes, expiresMs: now + ttl * 1000 };
    const response: TokenResponse = { token_type: 'Bearer', scope: scopeString(scopes), expires_in: ttl, ext_expires_in: ttl, access_token: accessToken };
    if (scopes.includes('offline_access')) {
      const refreshToken = newOpaqueToken('M.C5_BAY.0.U.-', 160);
      this.state.refreshTokens[refreshToken] = { grantId: grant.id, scopes, expiresMs: now + this.options.refreshTokenTtlSeconds * 1000 };
      response.refresh_token = refreshToken;
    }
    if (scopes.includes('openid')) response.id_token = this.idToken(grant, scopes, nonce, tenant);
    this.sweepExpired(now);
    this.store.touched();
    return response;
  }

  private idToken(grant: GrantRecord, scopes: string[], nonce: string | null, _tenant: string): string {
    const user = this.store.mailbox(grant.userId).user;
    const now = Math.floor(this.store.now() / 1000);
    const claims: Record<string, unknown> = {
      ver: '2.0',
      iss: `${this.baseUrl()}/${CONSUMER_TENANT_ID}/v2.0`,
      sub: createHash('sha256').update(`${grant.clientId}:${user.id}`).digest('base64url').slice(0, 43),
      aud: grant.clientId,
      exp: now + 3600,
      iat: now,
      nbf: now,
      tid: CONSUMER_TENANT_ID,
      oid: user.id,
      aio: newOpaqueToken('', 24),
    };
    if (scopes.includes('profile')) Object.assign(claims, { name: user.displayName, preferred_username: user.email });
    if (scopes.includes('email')) claims.email = user.email;
    if (nonce) claims.nonce = nonce;
    return this.key.signJwt(claims);
  }

  checkAccessToken(token: string | null): AccessTokenCheck {
    if (!token) return { ok: false, reason: 'missing' };
    const record = this.state.accessTokens[token];
    if (!record) return { ok: false, reason: 'unknown' };
    if (record.expiresMs <= this.store.now()) return { ok: false, reason: 'expired' };
    return { ok: true, record };
  }

  /** Revokes every grant of the user (all refresh tokens die; access tokens live on until expiry). */
  revokeRefreshTokens(userId: string): string[] {
    const revoked: string[] = [];
    for (const grant of Object.values(this.state.grants)) {
      if (grant.userId === userId && !grant.revoked) {
        grant.revoked = true;
        revoked.push(grant.clientId);
      }
    }
    this.store.touched();
    return revoked;
  }

  expireAccessTokens(userId?: string): number {
    let count = 0;
    const now = this.store.now();
    for (const record of Object.values(this.state.accessTokens)) {
      if ((!userId || record.userId === userId) && record.expiresMs > now) {
        record.expiresMs = now - 1;
        count += 1;
      }
    }
    this.store.touched();
    return count;
  }

  private sweepExpired(now: number): void {
    const day = 86_400_000;
    for (const [token, record] of Object.entries(this.state.accessTokens)) if (record.expiresMs < now - day) delete this.state.accessTokens[token];
    for (const [code, record] of Object.entries(this.state.codes)) if (record.expiresMs < now - day) delete this.state.codes[code];
  }
}

function checkPkce(record: AuthCodeRecord, verifier: string | undefined): void {
  if (!record.codeChallenge) return;
  const mismatch = new OAuthError(400, 'invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.');
  if (!verifier) throw mismatch;
  const computed = record.codeChallengeMethod === 'plain' ? verifier : createHash('sha256').update(verifier).digest('base64url');
  if (computed !== record.codeChallenge) throw mismatch;
}
