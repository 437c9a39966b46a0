/**
 * What the Outlook services need: the database, the identity client, the Graph
 * base URL, the token key, the app's public URL and the clock. Built from the
 * environment in the app, built by hand in tests (pointed at the emulator). Every sync
 * context is built from these (src/server/sync-context.ts).
 */
import type { Logger } from 'pino';
import { systemClock, type Clock } from '../../config/clock';
import { getEnv, type Env } from '../../config/env';
import { getDb } from '../../db';
import type { Db } from '../../db/client';
import { createIdentityClient, type GraphResponseEvent, type IdentityClient } from '../../graph';
import { logger } from '../../observability/logger';
import { observeGraphResponse } from '../../observability/metrics';
import type { SubscriptionConfig } from '../subscriptions/subscription-config';

export interface OutlookDeps {
  db: Db;
  identity: IdentityClient;
  graphBaseUrl: string;
  /** 32-byte AES key (TOKEN_ENCRYPTION_KEY). */
  tokenKey: Buffer;
  /** Microsoft is the bundled emulator (shown as a badge; stored on the connection). */
  sandbox: boolean;
  /** A client id and secret are set: the connect flow can run. Default true. */
  configured?: boolean;
  /** NEXTAUTH_URL: the app's public URL (the OAuth callback, each To Do task's link back to Planner). */
  appUrl: string;
  /** Overrides of the subscription settings a push uses for the lists it links (tests); default: the environment's. */
  subscriptions?: Partial<SubscriptionConfig>;
  log: Logger;
  fetch?: typeof fetch;
  /** The clock of every service and sync context built on these deps (decision 0049). */
  clock: Clock;
  onGraphResponse?: (event: GraphResponseEvent) => void;
}

export const CALLBACK_PATH = '/api/integrations/outlook/callback';

export function callbackUrl(appUrl: string): string {
  return appUrl.replace(/\/+$/, '') + CALLBACK_PATH;
}

/** Deps from a parsed environment and an open database. */
export function outlookDepsFromEnv(env: Env, db: Db, overrides: Partial<OutlookDeps> = {}): OutlookDeps {
  const identity = createIdentityClient({
    loginBaseUrl: env.MICROSOFT_LOGIN_BASE_URL,
    tenantId: env.MICROSOFT_TENANT_ID,
    clientId: env.MICROSOFT_CLIENT_ID ?? 'planner-sandbox',
    clientSecret: env.MICROSOFT_CLIENT_SECRET ?? '',
    redirectUri: callbackUrl(env.NEXTAUTH_URL),
    fetch: overrides.fetch,
  });
  return {
    db,
    identity,
    graphBaseUrl: env.MICROSOFT_GRAPH_BASE_URL,
    tokenKey: env.tokenKey,
    sandbox: env.sandbox,
    configured: Boolean(env.MICROSOFT_CLIENT_ID && env.MICROSOFT_CLIENT_SECRET),
    appUrl: env.NEXTAUTH_URL,
    log: logger().child({ component: 'outlook' }),
    clock: systemClock,
    onGraphResponse: observeGraphResponse,
    ...overrides,
  };
}

const KEY = Symbol.for('planner.outlook.deps');
type Holder = { [KEY]?: Promise<OutlookDeps> };

/** Where a job handler gets its deps when the job runs: getOutlookDeps in the app, the emulator's in tests. */
export type OutlookDepsSource = () => Promise<OutlookDeps>;

/** The process-wide deps (routes, worker). */
export function getOutlookDeps(): Promise<OutlookDeps> {
  const holder = globalThis as Holder;
  const pending = (holder[KEY] ??= (async () => outlookDepsFromEnv(getEnv(), await getDb()))());
  // A failed start (database not reachable yet) is not cached: the next call tries again.
  pending.catch(() => {
    if (holder[KEY] === pending) delete holder[KEY];
  });
  return pending;
}
