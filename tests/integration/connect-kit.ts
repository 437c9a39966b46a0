/**
 * Set-up for the connect tests: an emulator that approves at once, Outlook deps
 * pointed at it over a test database, a log we can read back, and the browser
 * part of the OAuth flow done with fetch (follow /authorize to the redirect).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Emulator } from '../../emulator/index';
import type { Db } from '../../src/db/client';
import { createIdentityClient } from '../../src/graph';
import { systemClock } from '../../src/config/clock';
import { createLogger } from '../../src/observability/logger';
import { completeOutlookConnect, startOutlookConnect, type ConnectResult, type OutlookDeps, type SessionBinding } from '../../src/server/outlook';

/** The app's public URL in these tests (OutlookDeps.appUrl). */
export const APP_URL = 'http://127.0.0.1:3999';
export const REDIRECT_URI = `${APP_URL}/api/integrations/outlook/callback`;
export const CLIENT = { clientId: 'planner-connect-test', clientSecret: 'connect-test-secret' };
export const EMULATOR_CLIENTS = [{ ...CLIENT, redirectUris: [REDIRECT_URI] }];

export interface TestDeps extends OutlookDeps {
  logLines: string[];
}

export function makeDeps(db: Db, emulator: Emulator, overrides: Partial<OutlookDeps> & { loginBaseUrl?: string; clientSecret?: string } = {}): TestDeps {
  const logLines: string[] = [];
  const { loginBaseUrl, clientSecret, ...rest } = overrides;
  return {
    db,
    identity: createIdentityClient({
      loginBaseUrl: loginBaseUrl ?? emulator.url,
      tenantId: 'common',
      clientId: CLIENT.clientId,
      clientSecret: clientSecret ?? CLIENT.clientSecret,
      redirectUri: REDIRECT_URI,
    }),
    graphBaseUrl: emulator.graphUrl,
    tokenKey: randomBytes(32),
    sandbox: true,
    appUrl: APP_URL,
    log: createLogger({ level: 'debug', destination: { write: (s: string) => void logLines.push(s) } }),
    clock: systemClock,
    logLines,
    ...rest,
  };
}

export function newSession(): SessionBinding & { email: string } {
  const userId = randomUUID();
  return { userId, sessionId: randomUUID(), email: `${userId.slice(0, 8)}@planner.test` };
}

/** The callback query Microsoft would send back after the user approves (login_hint picks the account). */
export async function authorizeInBrowser(deps: OutlookDeps, session: SessionBinding, email: string): Promise<URLSearchParams> {
  const { url } = await startOutlookConnect(deps, session);
  const withHint = new URL(url);
  withHint.searchParams.set('login_hint', email);
  const response = await fetch(withHint, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) throw new Error(`authorize answered ${response.status}`);
  return new URL(location).searchParams;
}

/** The whole flow without a browser: authorize, approve, callback. */
export async function connect(deps: OutlookDeps, session: SessionBinding, email: string): Promise<ConnectResult> {
  return completeOutlookConnect(deps, session, await authorizeInBrowser(deps, session, email));
}

export async function addProject(db: Db, userId: string, name: string, status: 'Active' | 'Completed' | 'Cancelled' = 'Active') {
  return db.insertInto('projects').values({ user_id: userId, name, status }).returningAll().executeTakeFirstOrThrow();
}

/** Rows of every per-user sync table, plus stored secrets: what "nothing stored" means. */
export async function storedFor(db: Db, userId: string) {
  const count = async (table: 'outlook_connections' | 'project_outlook_lists' | 'task_sync_jobs' | 'task_sync_state') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow()).n);
  const secrets = await sql<{ n: string }>`select count(*) as n from public.planner_secrets where name = ${`outlook_refresh_token:${userId}`}`.execute(db);
  return {
    connections: await count('outlook_connections'),
    lists: await count('project_outlook_lists'),
    jobs: await count('task_sync_jobs'),
    states: await count('task_sync_state'),
    secrets: Number(secrets.rows[0].n),
  };
}

export async function vaultSecret(db: Db, secretId: string): Promise<string | null> {
  const r = await sql<{ s: string | null }>`select public.vault_get_secret(${secretId}::uuid) as s`.execute(db);
  return r.rows[0].s;
}

/** Every row of every table in the public schema, as text. */
export async function dumpAllTables(db: Db): Promise<string> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const parts: string[] = [];
  for (const { table_name } of tables.rows) {
    const rows = await sql`select * from ${sql.table(`public.${table_name}`)}`.execute(db);
    parts.push(`${table_name}: ${JSON.stringify(rows.rows, (_k, v) => (Buffer.isBuffer(v) ? v.toString('base64') : typeof v === 'bigint' ? String(v) : v))}`);
  }
  return parts.join('\n');
}
