/**
 * The sync's one context (decision 0050): what every push and pull service takes, flat.
 * Built in one place, syncContextFor, from the Outlook deps (the process's in the app and
 * the worker, the emulator's in tests) for one user and one run.
 */
import type { Logger } from 'pino';
import type { Clock } from '../config/clock';
import { findMailboxKey } from '../db/connections-repository';
import { findUserSettings } from '../db/user-settings-repository';
import type { Db } from '../db/client';
import { createGraphClient, type AccessTokenSource, type GraphClient } from '../graph';
import type { OutlookDeps } from './outlook/deps';
import type { SubscriptionConfig } from './subscriptions/subscription-config';
import { graphClientForUser } from './outlook/graph-for-user';
import { NotConnectedError, tokenServiceFor } from './outlook/token-service';

/** One sync run (a job, a script's user) for one user. `now()` is the deps' clock. */
export interface SyncContext extends Clock {
  /** Service connection (no RLS scope). */
  db: Db;
  /** The user's Graph client for this run: it never sleeps on a throttled request (the queue defers the job instead). */
  graph: GraphClient;
  userId: string;
  log: Logger;
  /** NEXTAUTH_URL: each To Do task's linkedResource points back at Planner under it. */
  appUrl: string;
  /** The user's IANA time zone (user_settings.time_zone) for due and start dates; null = UTC. */
  timeZone: string | null;
  /** Overrides of the subscription settings for the lists this run subscribes (tests); undefined = the environment's. */
  subscriptions: Partial<SubscriptionConfig> | undefined;
  /**
   * The Outlook services the context was built from, for the few steps that make a Graph
   * client of their own: ensureProjectList's token-bound one inside a transaction, the
   * subscription upkeep's.
   */
  outlook: OutlookDeps;
}

export interface SyncContextOptions {
  /**
   * How the Graph client reads the access token:
   *  - 'once' (pushes, the default): once per run and again only after a 401, so a Graph
   *    call made while a transaction holds a row lock needs no second database connection
   *    (PGlite has one);
   *  - 'each-request' (the pull): from the token service before every request, so a
   *    disconnect during a long pull stops it (NotConnectedError) and a token about to
   *    expire is refreshed ahead of time.
   */
  tokenReads?: 'once' | 'each-request';
}

/** The context of one run for `userId`; NotConnectedError when the user has no connection. */
export async function syncContextFor(deps: OutlookDeps, userId: string, log: Logger, options: SyncContextOptions = {}): Promise<SyncContext> {
  const graph = options.tokenReads === 'each-request' ? await graphClientForUser(deps, userId, { maxInlineWaitMs: 0 }) : await pushGraphClient(deps, userId);
  const { time_zone } = await findUserSettings(deps.db, userId);
  return {
    db: deps.db,
    graph,
    userId,
    log,
    now: () => deps.clock.now(),
    appUrl: deps.appUrl,
    timeZone: time_zone,
    subscriptions: deps.subscriptions,
    outlook: deps,
  };
}

/** The user's Graph client reading its token once per run (see SyncContextOptions.tokenReads). */
async function pushGraphClient(deps: OutlookDeps, userId: string): Promise<GraphClient> {
  const mailboxKey = await findMailboxKey(deps.db, userId);
  if (!mailboxKey) throw new NotConnectedError(userId);
  return createGraphClient({
    baseUrl: deps.graphBaseUrl,
    getAccessToken: tokenOncePerRun(deps, userId),
    mailboxKey,
    fetch: deps.fetch,
    onResponse: deps.onGraphResponse,
    maxInlineWaitMs: 0,
  });
}

function tokenOncePerRun(deps: OutlookDeps, userId: string): AccessTokenSource {
  const tokens = tokenServiceFor(deps);
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
