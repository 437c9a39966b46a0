/**
 * Token service (guide §11 "Refresh token rotation"): hands out a valid access
 * token for a user's Outlook connection.
 *
 *  - A stored access token with more than REFRESH_BEFORE_MS left is used as is.
 *  - Otherwise one refresh runs: concurrent callers in this process share it
 *    (single-flight), and other processes wait on the connection's row lock,
 *    then re-read and use the token the winner stored. The write is a
 *    compare-and-swap on token_version.
 *  - The rotated refresh token goes to the vault (vault_update_secret); the
 *    access token is stored AES-256-GCM encrypted.
 *  - invalid_grant / interaction_required → needs_reconnect = true: the claim
 *    skips the user's jobs until a reconnect clears it.
 */
import { brandError, hasErrorBrand, NeedsReconnectError, type TokenSet } from '../../graph';
import type { Tx } from '../../db/client';
import { findConnection, findConnectionForUpdate, markTokenRejected, swapAccessToken } from '../../db/connections-repository';
import type { OutlookConnection } from '../../db/schema';
import { readSecret, updateSecret } from '../../db/secrets-repository';
import { recordTokenRefresh } from '../../observability/metrics';
import type { OutlookDeps } from './deps';
import { decryptToken, encryptToken } from './token-crypto';

export const REFRESH_BEFORE_MS = 2 * 60_000;

export class NotConnectedError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return hasErrorBrand(value, 'NotConnectedError');
  }
  readonly name = 'NotConnectedError';
  constructor(readonly userId: string) {
    super('This user has no Outlook connection');
    brandError(this, 'NotConnectedError');
  }
}

/** Another writer changed the token row under us (should not happen under the row lock). */
export class TokenConflictError extends Error {
  readonly name = 'TokenConflictError';
}

export interface GetTokenOptions {
  /** Refresh even if the stored token looks valid (after a 401), unless someone already did. */
  forceRefresh?: boolean;
}

export interface TokenService {
  getAccessToken(userId: string, options?: GetTokenOptions): Promise<string>;
}

type Outcome = { kind: 'token'; accessToken: string } | { kind: 'reconnect'; oauthError: string; message: string };

export function createTokenService(deps: OutlookDeps): TokenService {
  const inFlight = new Map<string, Promise<string>>();

  async function getAccessToken(userId: string, options: GetTokenOptions = {}): Promise<string> {
    const connection = await readConnection(deps, userId);
    if (!options.forceRefresh && isFresh(connection, deps.clock.now())) return decryptAccessToken(deps, connection);
    let pending = inFlight.get(userId);
    if (!pending) {
      pending = refreshUnderLock(deps, userId, options.forceRefresh ? connection.token_version : undefined).finally(() =>
        inFlight.delete(userId),
      );
      inFlight.set(userId, pending);
    }
    return pending;
  }

  return { getAccessToken };
}

const services = new WeakMap<OutlookDeps, TokenService>();

/** One token service (one single-flight map) per deps, i.e. per process in the app. */
export function tokenServiceFor(deps: OutlookDeps): TokenService {
  let service = services.get(deps);
  if (!service) {
    service = createTokenService(deps);
    services.set(deps, service);
  }
  return service;
}

async function readConnection(deps: OutlookDeps, userId: string): Promise<OutlookConnection> {
  const connection = await findConnection(deps.db, userId);
  if (!connection) throw new NotConnectedError(userId);
  if (connection.needs_reconnect) throw reconnectError(connection);
  return connection;
}

function isFresh(connection: OutlookConnection, now: Date): boolean {
  if (!connection.access_token || !connection.access_token_expires_at) return false;
  return new Date(connection.access_token_expires_at).getTime() - now.getTime() > REFRESH_BEFORE_MS;
}

function decryptAccessToken(deps: OutlookDeps, connection: OutlookConnection): string {
  return decryptToken(connection.access_token!, deps.tokenKey, connection.user_id);
}

/**
 * Refreshes while holding the connection's row lock. `staleVersion` (forced
 * refresh) = the token_version the caller saw fail: if the row moved on since,
 * the newer token is used instead of refreshing again.
 */
async function refreshUnderLock(deps: OutlookDeps, userId: string, staleVersion?: number): Promise<string> {
  const outcome = await deps.db.transaction().execute(async (tx): Promise<Outcome> => {
    const row = await findConnectionForUpdate(tx, userId);
    if (!row) throw new NotConnectedError(userId);
    if (row.needs_reconnect) return reconnectOutcome(row);
    const someoneRefreshed = staleVersion === undefined || row.token_version !== staleVersion;
    if (someoneRefreshed && isFresh(row, deps.clock.now())) return { kind: 'token', accessToken: decryptAccessToken(deps, row) };
    return refreshAndStore(deps, tx, row);
  });
  if (outcome.kind === 'reconnect') throw new NeedsReconnectError(outcome.oauthError, outcome.message);
  return outcome.accessToken;
}

async function refreshAndStore(deps: OutlookDeps, tx: Tx, row: OutlookConnection): Promise<Outcome> {
  const refreshToken = await readRefreshToken(tx, row);
  if (!refreshToken) return markNeedsReconnect(deps, tx, row, 'invalid_grant', 'No refresh token is stored for this connection');
  let tokens: TokenSet;
  try {
    tokens = await deps.identity.refresh(refreshToken, deps.clock.now());
  } catch (error) {
    if (error instanceof NeedsReconnectError) return markNeedsReconnect(deps, tx, row, error.oauthError, error.message);
    recordTokenRefresh('failed');
    throw error;
  }
  await storeTokens(deps, tx, row, tokens);
  recordTokenRefresh('refreshed');
  deps.log.info({ userId: row.user_id, tokenVersion: row.token_version + 1, rotated: Boolean(tokens.refreshToken) }, 'outlook token refreshed');
  return { kind: 'token', accessToken: tokens.accessToken };
}

async function readRefreshToken(tx: Tx, row: OutlookConnection): Promise<string | null> {
  if (!row.refresh_token_secret) return null;
  return readSecret(tx, row.refresh_token_secret);
}

/** Saves a token set with compare-and-swap on token_version. */
export async function storeTokens(deps: Pick<OutlookDeps, 'tokenKey'>, tx: Tx, row: OutlookConnection, tokens: TokenSet): Promise<void> {
  if (tokens.refreshToken && row.refresh_token_secret) {
    await updateSecret(tx, row.refresh_token_secret, tokens.refreshToken);
  }
  const swapped = await swapAccessToken(tx, {
    connectionId: row.id,
    expectedVersion: row.token_version,
    accessToken: encryptToken(tokens.accessToken, deps.tokenKey, row.user_id),
    expiresAt: tokens.expiresAt,
  });
  if (!swapped) throw new TokenConflictError('token_version changed during refresh');
}

async function markNeedsReconnect(deps: OutlookDeps, tx: Tx, row: OutlookConnection, oauthError: string, message: string): Promise<Outcome> {
  await markTokenRejected(tx, {
    connectionId: row.id,
    tokenVersion: row.token_version,
    reason: `${oauthError}: ${message}`.slice(0, 500),
    lastError: 'Microsoft no longer accepts this connection: reconnect Outlook to resume syncing',
    at: deps.clock.now(),
  });
  recordTokenRefresh('needs_reconnect');
  deps.log.warn({ userId: row.user_id, oauthError }, 'outlook connection needs reconnect');
  return { kind: 'reconnect', oauthError, message };
}

function reconnectOutcome(row: OutlookConnection): Outcome {
  return { kind: 'reconnect', oauthError: reasonCode(row), message: row.needs_reconnect_reason ?? 'Reconnect Outlook' };
}

function reconnectError(row: OutlookConnection): NeedsReconnectError {
  return new NeedsReconnectError(reasonCode(row), row.needs_reconnect_reason ?? 'Reconnect Outlook');
}

function reasonCode(row: OutlookConnection): string {
  return row.needs_reconnect_reason?.split(':')[0] || 'invalid_grant';
}
