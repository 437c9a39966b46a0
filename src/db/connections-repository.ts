/**
 * SQL for outlook_connections: one row per user's Microsoft account, with its
 * encrypted access token, the vault id of its refresh token, the lists delta
 * cursor and the needs-reconnect flag. Token rules live in
 * src/server/outlook/token-service.ts; this module only reads and writes rows.
 */
import type { Executor, Tx } from './client';
import type { OutlookConnection } from './schema';
import { sql } from 'kysely';
import { inboxListLockName } from './advisory-locks';

export async function findConnection(ex: Executor, userId: string): Promise<OutlookConnection | undefined> {
  return ex.selectFrom('outlook_connections').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** Whether the user has an Outlook connection (any state). */
export async function hasConnection(ex: Executor, userId: string): Promise<boolean> {
  const row = await ex.selectFrom('outlook_connections').select('id').where('user_id', '=', userId).executeTakeFirst();
  return row !== undefined;
}

/** The connection, locked for the rest of the transaction (token refresh, reconnect). */
export async function findConnectionForUpdate(tx: Tx, userId: string): Promise<OutlookConnection | undefined> {
  return tx.selectFrom('outlook_connections').selectAll().where('user_id', '=', userId).forUpdate().executeTakeFirst();
}

/** The Microsoft account id of the user's connection: the key of its mailbox limit. */
export async function findMailboxKey(ex: Executor, userId: string): Promise<string | undefined> {
  const row = await ex.selectFrom('outlook_connections').select('microsoft_account_id').where('user_id', '=', userId).executeTakeFirst();
  return row?.microsoft_account_id;
}

/** The Microsoft account a connect or reconnect wrote, and the cleared error state. */
export interface ConnectionAccount {
  microsoft_account_id: string;
  email: string | null;
  display_name: string | null;
  is_sandbox: boolean;
  needs_reconnect: boolean;
  needs_reconnect_reason: string | null;
  last_error: string | null;
  last_error_at: Date | null;
}

export async function updateConnectionAccount(
  ex: Executor,
  connectionId: string,
  account: ConnectionAccount & { refresh_token_secret: string | null },
): Promise<void> {
  await ex.updateTable('outlook_connections').set(account).where('id', '=', connectionId).execute();
}

export async function insertConnection(
  ex: Executor,
  row: ConnectionAccount & {
    user_id: string;
    refresh_token_secret: string;
    access_token: string;
    access_token_expires_at: Date;
    token_version: number;
  },
): Promise<void> {
  await ex.insertInto('outlook_connections').values(row).execute();
}

/** Sets the lists delta cursor only when there is none (the sync engine owns an existing one). */
export async function setListsCursorIfUnset(ex: Executor, userId: string, deltaLink: string): Promise<void> {
  await ex.updateTable('outlook_connections').set({ delta_token: deltaLink }).where('user_id', '=', userId).where('delta_token', 'is', null).execute();
}

export async function setDefaultListId(ex: Executor, userId: string, listId: string): Promise<void> {
  await ex.updateTable('outlook_connections').set({ planner_list_id: listId }).where('user_id', '=', userId).execute();
}

/**
 * Compare-and-swap of the access token: writes only when token_version is still
 * `expectedVersion`, and bumps it. False when another writer got there first.
 */
export async function swapAccessToken(
  ex: Executor,
  input: { connectionId: string; expectedVersion: number; accessToken: string; expiresAt: Date },
): Promise<boolean> {
  const result = await ex
    .updateTable('outlook_connections')
    .set({ access_token: input.accessToken, access_token_expires_at: input.expiresAt, token_version: input.expectedVersion + 1 })
    .where('id', '=', input.connectionId)
    .where('token_version', '=', input.expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Microsoft refused the refresh token: drop the access token, flag the connection, say why. */
export async function markTokenRejected(
  ex: Executor,
  input: { connectionId: string; tokenVersion: number; reason: string; lastError: string; at: Date },
): Promise<void> {
  await ex
    .updateTable('outlook_connections')
    .set({
      needs_reconnect: true,
      needs_reconnect_reason: input.reason,
      access_token: null,
      access_token_expires_at: null,
      token_version: input.tokenVersion + 1,
      last_error: input.lastError,
      last_error_at: input.at,
    })
    .where('id', '=', input.connectionId)
    .execute();
}

export async function deleteConnection(ex: Executor, userId: string): Promise<void> {
  await ex.deleteFrom('outlook_connections').where('user_id', '=', userId).execute();
}

export async function readListsCursor(ex: Executor, userId: string): Promise<string | null> {
  const row = await ex.selectFrom('outlook_connections').select('delta_token').where('user_id', '=', userId).executeTakeFirst();
  return row?.delta_token ?? null;
}

export async function saveListsCursor(ex: Executor, userId: string, deltaLink: string | null): Promise<void> {
  await ex.updateTable('outlook_connections').set({ delta_token: deltaLink }).where('user_id', '=', userId).execute();
}

/** A pull of every list ended well at `now`: the safety net's clock (findUsersDueForFullSync) starts again. */
export async function markFullSyncDone(ex: Executor, userId: string, now: Date): Promise<void> {
  await ex
    .updateTable('outlook_connections')
    .set({ last_full_sync_at: now, last_sync_at: now, last_error: null, last_error_at: null })
    .where('user_id', '=', userId)
    .execute();
}

/** The default list id recorded on the connection (outlook_connections.planner_list_id). */
export async function findDefaultListId(ex: Executor, userId: string): Promise<string | null | undefined> {
  const row = await ex.selectFrom('outlook_connections').select('planner_list_id').where('user_id', '=', userId).executeTakeFirst();
  return row?.planner_list_id;
}

/** Serialises provisioning of the user's Inbox list (an advisory lock, not the connection row: a token refresh locks that). */
export async function lockInboxList(tx: Executor, userId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${inboxListLockName(userId)}))`.execute(tx);
}
