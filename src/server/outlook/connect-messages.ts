/** What the integrations page says after a connect attempt, by result code (no secrets, plain words). */

export type ConnectErrorCode =
  | 'not_signed_in'
  | 'invalid_state'
  | 'state_used'
  | 'state_expired'
  | 'session_mismatch'
  | 'access_denied'
  | 'authorization_failed'
  | 'token_exchange_failed'
  | 'account_mismatch'
  | 'graph_failed'
  | 'not_configured';

export const CONNECT_ERROR_MESSAGES: Record<ConnectErrorCode, string> = {
  not_signed_in: 'You were signed out while connecting Outlook. Sign in and press Connect again. Nothing was connected.',
  invalid_state: 'That Outlook sign-in link is not valid. Press Connect to start again. Nothing was connected.',
  state_used: 'That Outlook sign-in link was already used. Press Connect to start again. Nothing was connected.',
  state_expired: 'The Outlook sign-in took longer than 10 minutes and expired. Press Connect to start again. Nothing was connected.',
  session_mismatch: 'That Outlook sign-in was started in a different Planner session. Press Connect to start again. Nothing was connected.',
  access_denied: 'You declined access in Microsoft, so Outlook was not connected. Press Connect if you change your mind.',
  authorization_failed: 'Microsoft did not complete the sign-in. Press Connect to try again. Nothing was connected.',
  token_exchange_failed: 'Microsoft did not accept the sign-in (the token request failed). Nothing was stored. Try Connect again in a moment.',
  account_mismatch: 'Planner is already linked to a different Microsoft account. Disconnect it first, then connect the other account.',
  graph_failed: 'Connected to Microsoft, but reading your To Do lists failed. Nothing was stored. Try Connect again in a moment.',
  not_configured: 'Outlook is not configured on this server (MICROSOFT_CLIENT_ID / MICROSOFT_CLIENT_SECRET).',
};

export const CONNECTED_MESSAGE = 'Outlook is connected. Your projects now have To Do lists and the first sync is queued.';

export function connectErrorMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  return CONNECT_ERROR_MESSAGES[code as ConnectErrorCode] ?? CONNECT_ERROR_MESSAGES.authorization_failed;
}
