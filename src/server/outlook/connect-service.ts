/**
 * Connect Outlook (guide §1–§2): start the OAuth flow, and finish it in the
 * callback. Finishing stores the connection, its tokens (refresh token in the
 * vault, access token encrypted), one list per Active project plus the default
 * list, the mailbox's other lists as left out (they stay personal: decision 0060),
 * the lists delta cursor and the initial full_sync, all in one
 * transaction after every Microsoft call has succeeded. A failure before that
 * stores nothing. A reconnect of the same account clears needs_reconnect, so
 * the paused jobs run again.
 */
import { queueOrphanListDeletions } from '../push/push-project-delete';
import { leaveOutLists, reactivateMapping } from '../../db/list-mappings-repository';
import type { Tx } from '../../db/client';
import { findConnection, findConnectionForUpdate, insertConnection, setListsCursorIfUnset, updateConnectionAccount } from '../../db/connections-repository';
import type { OutlookConnection } from '../../db/schema';
import { createRefreshTokenSecret } from '../../db/secrets-repository';
import { accountEmail, type GraphUser, type TokenSet } from '../../graph';
import { enqueueTaskSyncJob, JOB_PRIORITY } from '../../jobs/queue';
import type { ConnectErrorCode } from './connect-messages';
import type { OutlookDeps } from './deps';
import { graphClientForToken } from './graph-for-user';
import { planListLinks, saveListLinks, type LinkPlan } from './list-links';
import { consumeState, saveState } from './oauth-states';
import { encryptToken } from './token-crypto';
import { storeTokens } from './token-service';

export interface SessionBinding {
  userId: string;
  sessionId: string;
}

export type ConnectResult =
  | { ok: true; email: string | null; displayName: string | null; reconnected: boolean }
  | { ok: false; code: ConnectErrorCode };

/** Creates a pending flow and returns the Microsoft URL to redirect to. */
export async function startOutlookConnect(deps: OutlookDeps, session: SessionBinding): Promise<{ url: string }> {
  const request = await deps.identity.createAuthorizationRequest();
  await saveState(deps.db, deps.tokenKey, { ...session, state: request.state, codeVerifier: request.codeVerifier, now: deps.clock.now() });
  return { url: request.url };
}

/** Handles the callback query (`code`, `state`, or `error`). */
export async function completeOutlookConnect(
  deps: OutlookDeps,
  session: SessionBinding | null,
  query: URLSearchParams,
): Promise<ConnectResult> {
  const log = deps.log.child({ userId: session?.userId, step: 'outlook_callback' });
  const state = query.get('state');
  if (!state) return fail(log, 'invalid_state');
  const consumed = await consumeState(deps.db, deps.tokenKey, {
    state,
    userId: session?.userId ?? null,
    sessionId: session?.sessionId ?? null,
    now: deps.clock.now(),
  });
  if (!session) return fail(log, 'not_signed_in');
  if (!consumed.ok) return fail(log, consumed.reason);
  const providerError = query.get('error');
  if (providerError) return fail(log, providerError === 'access_denied' ? 'access_denied' : 'authorization_failed', { providerError });

  let tokens: TokenSet;
  try {
    tokens = await deps.identity.exchangeCode(query, state, consumed.codeVerifier, deps.clock.now());
  } catch (error) {
    return fail(log, 'token_exchange_failed', { error: describe(error) });
  }
  if (!tokens.refreshToken) return fail(log, 'token_exchange_failed', { error: 'no refresh_token (offline_access missing)' });
  return finishConnect(deps, session.userId, tokens, log);
}

async function finishConnect(deps: OutlookDeps, userId: string, tokens: TokenSet, log: OutlookDeps['log']): Promise<ConnectResult> {
  let me: GraphUser;
  let plan: LinkPlan;
  try {
    me = await graphClientForToken(deps, tokens.accessToken, `connect:${userId}`).me();
    const existing = await findConnection(deps.db, userId);
    if (existing && existing.microsoft_account_id !== me.id) return fail(log, 'account_mismatch');
    plan = await planListLinks(deps.db, graphClientForToken(deps, tokens.accessToken, me.id), userId);
  } catch (error) {
    return fail(log, 'graph_failed', { error: describe(error) });
  }
  const reconnected = await deps.db.transaction().execute(async (tx) => {
    const wasConnected = await saveConnection(deps, tx, userId, me, tokens);
    await saveListLinks(tx, userId, plan);
    await leaveOutLists(tx, userId, plan.leftOut, 'existed-at-connect');
    await queueOrphanListDeletions(tx, userId, deps.clock);
    for (const closed of plan.closedWithLiveList) {
      await reactivateMapping(tx, closed.mappingId);
      await enqueueTaskSyncJob(tx, { userId, action: 'project_sync', projectId: closed.projectId, payload: { reason: 'closed_while_disconnected' } }, deps.clock);
    }
    // Keeps an existing lists cursor (the sync engine owns it); sets one on first connect.
    await setListsCursorIfUnset(tx, userId, plan.listsDeltaLink);
    await enqueueTaskSyncJob(tx, {
      userId,
      action: 'full_sync',
      force: true,
      priority: JOB_PRIORITY.sync,
      payload: { reason: wasConnected ? 'reconnect' : 'connect' },
    }, deps.clock);
    return wasConnected;
  });
  log.info({ reconnected, lists: plan.links.length, createdLists: plan.createdListIds.length }, 'outlook connected');
  return { ok: true, email: accountEmail(me), displayName: me.displayName ?? null, reconnected };
}

/** Inserts or refreshes the connection row and its secrets; true when it existed. */
async function saveConnection(deps: OutlookDeps, tx: Tx, userId: string, me: GraphUser, tokens: TokenSet): Promise<boolean> {
  const existing = await findConnectionForUpdate(tx, userId);
  const account = {
    microsoft_account_id: me.id,
    email: accountEmail(me),
    display_name: me.displayName ?? null,
    is_sandbox: deps.sandbox,
    needs_reconnect: false,
    needs_reconnect_reason: null,
    last_error: null,
    last_error_at: null,
  };
  if (existing) {
    const secretId = existing.refresh_token_secret ?? (await createRefreshTokenSecret(tx, userId, tokens.refreshToken!));
    const row: OutlookConnection = { ...existing, refresh_token_secret: secretId };
    await updateConnectionAccount(tx, existing.id, { ...account, refresh_token_secret: secretId });
    await storeTokens(deps, tx, row, tokens);
    return true;
  }
  const secretId = await createRefreshTokenSecret(tx, userId, tokens.refreshToken!);
  await insertConnection(tx, {
    user_id: userId,
    ...account,
    refresh_token_secret: secretId,
    access_token: encryptToken(tokens.accessToken, deps.tokenKey, userId),
    access_token_expires_at: tokens.expiresAt,
    token_version: 1,
  });
  return false;
}

function fail(log: OutlookDeps['log'], code: ConnectErrorCode, detail: Record<string, unknown> = {}): ConnectResult {
  log.warn({ result: code, ...detail }, 'outlook connect failed');
  return { ok: false, code };
}

/** Error name, status and code for logs: never a message body that could echo a token. */
function describe(error: unknown): Record<string, unknown> {
  const e = error as { name?: string; status?: number; code?: string; oauthError?: string };
  return { name: e?.name, status: e?.status, errorCode: e?.code ?? e?.oauthError };
}
