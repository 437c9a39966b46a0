/** SQL for oauth_states: pending connect flows (rules in src/server/outlook/oauth-states.ts). */
import type { Executor } from './client';

export interface OauthStateRow {
  state_hash: string;
  user_id: string;
  session_hash: string;
  code_verifier: string;
  expires_at: Date;
}

export async function deleteExpiredStates(ex: Executor, now: Date): Promise<void> {
  await ex.deleteFrom('oauth_states').where('expires_at', '<', now).execute();
}

export async function insertState(ex: Executor, row: OauthStateRow & { created_at: Date }): Promise<void> {
  await ex.insertInto('oauth_states').values(row).execute();
}

/** Marks an unused state used and returns it; undefined when it is unknown or already used. */
export async function markStateUsed(ex: Executor, stateHash: string, now: Date): Promise<OauthStateRow | undefined> {
  return ex
    .updateTable('oauth_states')
    .set({ used_at: now })
    .where('state_hash', '=', stateHash)
    .where('used_at', 'is', null)
    .returning(['state_hash', 'user_id', 'session_hash', 'code_verifier', 'expires_at'])
    .executeTakeFirst();
}

export async function stateExists(ex: Executor, stateHash: string): Promise<boolean> {
  const row = await ex.selectFrom('oauth_states').select('state_hash').where('state_hash', '=', stateHash).executeTakeFirst();
  return row !== undefined;
}
