/**
 * oauth_states: one pending connect flow per /authorize. The state is stored
 * hashed, the PKCE verifier encrypted; a state is bound to the user and session
 * that started it, valid for STATE_TTL_MS, and consumed by its first use.
 */
import type { Db } from '../../db/client';
import { deleteExpiredStates, insertState, markStateUsed, stateExists } from '../../db/oauth-states-repository';
import { decryptToken, encryptToken, sha256Hex } from './token-crypto';

export const STATE_TTL_MS = 10 * 60_000;

export interface NewState {
  state: string;
  codeVerifier: string;
  userId: string;
  sessionId: string;
  now: Date;
}

export type ConsumeResult =
  | { ok: true; codeVerifier: string }
  | { ok: false; reason: 'invalid_state' | 'state_used' | 'state_expired' | 'session_mismatch' };

export async function saveState(db: Db, key: Buffer, s: NewState): Promise<void> {
  const stateHash = sha256Hex(s.state);
  await deleteExpiredStates(db, s.now);
  await insertState(db, {
    state_hash: stateHash,
    user_id: s.userId,
    session_hash: sha256Hex(s.sessionId),
    code_verifier: encryptToken(s.codeVerifier, key, stateHash),
    created_at: s.now,
    expires_at: new Date(s.now.getTime() + STATE_TTL_MS),
  });
}

/** Marks the state used (whatever happens next) and says whether the flow may go on. */
export async function consumeState(
  db: Db,
  key: Buffer,
  input: { state: string; userId: string | null; sessionId: string | null; now: Date },
): Promise<ConsumeResult> {
  const stateHash = sha256Hex(input.state);
  const row = await markStateUsed(db, stateHash, input.now);
  if (!row) return { ok: false, reason: (await stateExists(db, stateHash)) ? 'state_used' : 'invalid_state' };
  if (new Date(row.expires_at).getTime() <= input.now.getTime()) return { ok: false, reason: 'state_expired' };
  if (row.user_id !== input.userId || !input.sessionId || row.session_hash !== sha256Hex(input.sessionId)) {
    return { ok: false, reason: 'session_mismatch' };
  }
  try {
    return { ok: true, codeVerifier: decryptToken(row.code_verifier, key, stateHash) };
  } catch {
    return { ok: false, reason: 'invalid_state' }; // encrypted under another key (rotated)
  }
}
