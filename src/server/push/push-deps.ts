/**
 * What the push side of the sync (Planner → To Do) needs: the Outlook deps
 * (database, identity, Graph base URL, token key) and the app's public URL for the
 * linkedResource that points each To Do task back at its Planner task.
 */
import type { Logger } from 'pino';
import { getEnv } from '../../config/env';
import { createGraphClient, type AccessTokenSource, type GraphClient } from '../../graph';
import { getOutlookDeps, NotConnectedError, tokenServiceFor, type OutlookDeps } from '../outlook';
import type { SubscriptionConfig } from '../subscriptions';
import { findMailboxKey } from '../../db/connections-repository';

export interface PushDeps {
  outlook: OutlookDeps;
  /** NEXTAUTH_URL: the public base URL of the app. */
  appUrl: string;
  /** The user's IANA time zone for due dates; UTC when unknown (Planner keeps none yet). */
  timeZone?: string | null;
  /** Overrides of the subscription settings (tests); default: the environment's. */
  subscriptions?: Partial<SubscriptionConfig>;
}

/** Resolves the deps when a job runs (the process deps in the app; the emulator in tests). */
export type PushDepsSource = () => Promise<PushDeps>;

/** The process-wide deps (routes, worker). */
export const processPushDeps: PushDepsSource = async () => ({
  outlook: await getOutlookDeps(),
  appUrl: getEnv().NEXTAUTH_URL,
});

/** One push operation: deps, the user's Graph client and a logger. */
export interface PushContext {
  deps: PushDeps;
  userId: string;
  graph: GraphClient;
  log: Logger;
}

/**
 * The user's Graph client for pushes. It never sleeps on a throttled or failed
 * write: the error goes up with its Retry-After and the queue defers the job
 * (decision 0023), so every wait is visible in task_sync_jobs. The access token is
 * read once per job (and again only after a 401), so Graph calls made while a
 * transaction holds a row lock need no second database connection (PGlite has one).
 */
export async function pushContextFor(deps: PushDeps, userId: string, log: Logger): Promise<PushContext> {
  const mailboxKey = await findMailboxKey(deps.outlook.db, userId);
  if (!mailboxKey) throw new NotConnectedError(userId);
  const graph = createGraphClient({
    baseUrl: deps.outlook.graphBaseUrl,
    getAccessToken: tokenOncePerJob(deps.outlook, userId),
    mailboxKey,
    fetch: deps.outlook.fetch,
    onResponse: deps.outlook.onGraphResponse,
    maxInlineWaitMs: 0,
  });
  return { deps, userId, graph, log };
}

function tokenOncePerJob(outlook: OutlookDeps, userId: string): AccessTokenSource {
  const tokens = tokenServiceFor(outlook);
  let current: Promise<string> | undefined;
  return (options) => {
    if (!current || options?.forceRefresh) {
      const pending = tokens.getAccessToken(userId, options);
      pending.catch(() => {
        if (current === pending) current = undefined;
      });
      current = pending;
    }
    return current;
  };
}

/** The Planner page of a task: the linkedResource's webUrl. */
export function plannerTaskUrl(appUrl: string, taskId: string): string {
  return `${appUrl.replace(/\/+$/, '')}/tasks/${encodeURIComponent(taskId)}`;
}
