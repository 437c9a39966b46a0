/**
 * The Graph client of one user's connection: tokens from the token service,
 * the mailbox limit keyed by the Microsoft account, metrics on every response.
 */
import { findMailboxKey } from '../../db/connections-repository';
import { createGraphClient, type GraphClient } from '../../graph';
import type { OutlookDeps } from './deps';
import { NotConnectedError, tokenServiceFor } from './token-service';

export interface UserGraphOptions {
  /** Overrides for tests and the worker (e.g. maxInlineWaitMs: 0 to defer instead of sleeping). */
  maxRetries?: number;
  maxInlineWaitMs?: number;
}

export async function graphClientForUser(deps: OutlookDeps, userId: string, options: UserGraphOptions = {}): Promise<GraphClient> {
  const mailboxKey = await findMailboxKey(deps.db, userId);
  if (mailboxKey === undefined) throw new NotConnectedError(userId);
  const tokens = tokenServiceFor(deps);
  return createGraphClient({
    baseUrl: deps.graphBaseUrl,
    getAccessToken: (o) => tokens.getAccessToken(userId, o),
    mailboxKey,
    fetch: deps.fetch,
    onResponse: deps.onGraphResponse,
    ...options,
  });
}

/** A client over a token we already hold (the connect callback, before anything is stored). */
export function graphClientForToken(deps: OutlookDeps, accessToken: string, mailboxKey: string): GraphClient {
  return createGraphClient({
    baseUrl: deps.graphBaseUrl,
    getAccessToken: async () => accessToken,
    mailboxKey,
    fetch: deps.fetch,
    onResponse: deps.onGraphResponse,
  });
}
