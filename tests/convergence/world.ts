/**
 * One run of the convergence state machine: an emptied PGlite database (one per process), a new mailbox in
 * the shared emulator, a Planner user connected through the real OAuth flow, the real
 * job handlers (push and full_sync) over deps pointed at the emulator, subscriptions
 * whose notifications go through the relay, and a fetch that can "crash the worker".
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { DEFAULT_QUIRKS, type Emulator } from '../../emulator/index';
import type { Db } from '../../src/db/client';
import { createIdentityClient } from '../../src/graph';
import { createTaskJob } from '../../src/jobs/actions/create-task';
import { deleteTaskJob } from '../../src/jobs/actions/delete-task';
import { fullSyncJob } from '../../src/jobs/actions/full-sync';
import { projectDeleteJob } from '../../src/jobs/actions/project-delete';
import { projectSyncJob } from '../../src/jobs/actions/project-sync';
import { updateTaskJob } from '../../src/jobs/actions/update-task';
import type { JobHandlers } from '../../src/jobs/types';
import { systemClock } from '../../src/config/clock';
import { createLogger } from '../../src/observability/logger';
import { completeOutlookConnect, startOutlookConnect, type OutlookDeps } from '../../src/server/outlook';
import { backfillTaskSync } from '../../src/server/maintenance';
import { updateSettings } from '../../src/server/settings/settings-service';
import { renewSubscriptions } from '../../src/server/subscriptions';
import { createFreshDatabase, type FreshDatabase } from '../helpers/db';
import type { NotificationRelay } from './notification-relay';

export const CONVERGENCE_CLIENT = { clientId: 'planner-convergence', clientSecret: 'planner-convergence-secret' };
export const APP_URL = 'http://127.0.0.1:3998';
const REDIRECT_URI = `${APP_URL}/api/integrations/outlook/callback`;
export const CONVERGENCE_EMULATOR_CLIENTS = [{ ...CONVERGENCE_CLIENT, redirectUris: [REDIRECT_URI] }];

/** Thrown by the crashing fetch: the worker process "died" here. */
export class WorkerCrash extends Error {
  constructor() {
    super('worker crashed (simulated)');
  }
}

/**
 * A fetch that can die: with `crashAfter = k`, k requests go through, the next one
 * reaches the emulator but its answer is lost, and every later one fails at once.
 */
export class CrashableFetch {
  private crashAfter: number | null = null;
  private sent = 0;
  private dead = false;

  arm(afterRequests: number): void {
    this.crashAfter = afterRequests;
    this.sent = 0;
    this.dead = false;
  }

  disarm(): void {
    this.crashAfter = null;
    this.dead = false;
  }

  get crashed(): boolean {
    return this.dead;
  }

  readonly fetch: typeof fetch = async (input, init) => {
    if (this.dead) throw new WorkerCrash();
    if (this.crashAfter === null) return fetch(input, init);
    this.sent++;
    const response = await fetch(input, init);
    if (this.sent <= this.crashAfter) return response;
    await response.arrayBuffer().catch(() => undefined);
    this.dead = true;
    throw new WorkerCrash();
  };
}

export interface World {
  db: Db;
  emulator: Emulator;
  relay: NotificationRelay;
  userId: string;
  email: string;
  mailboxId: string;
  deps: OutlookDeps;
  handlers: JobHandlers;
  crash: CrashableFetch;
  connected: boolean;
  /** Token counter for titles: every created task gets "T<n>" so it can be followed across sides. */
  nextToken: number;
  /** Every task token created on either side. */
  createdTokens: Set<string>;
  /** Tokens that may legitimately be gone (a delete on either side, a list or project removed). */
  mayBeGone: Set<string>;
  /**
   * Tokens whose list was re-provisioned (deleted in Outlook) or whose project was
   * closed: when completed they may stay Planner-only, since a re-provisioned list or
   * a reopened project gets only the OPEN tasks pushed (guide §11, decision 0025).
   */
  openOnlyRepush: Set<string>;
  /** What happened, one line per step (printed with a failure). */
  trace: string[];
  /** The user's time zone (user_settings.time_zone): reminders are set and compared as wall times there. */
  timeZone: string;
  /** Counter for step titles: every step made gets "s<n>" (a rename keeps it). */
  nextStep: number;
  /** Tokens a repeat was ever set on (either side): completing one may leave completed copies under the same token. */
  repeating: Set<string>;
  /** Completions issued per token (either side): on a token that repeats, each may leave at most one completed copy (decision 0056). */
  completions: Map<string, number>;
  /** Tokens whose steps were reordered in Planner: the order stays Planner's (decision 0057), so it is compared as a set. */
  stepOrderFree: Set<string>;
  /**
   * The second Planner user of the run, once a `peer.join` ran: same database, worker,
   * handlers and emulator, its own account, mailbox and tokens (T1001 on), so the
   * comparison can tell if anything of one user reaches the other.
   */
  peer?: World;
  close(): Promise<void>;
}

/** The second user's task tokens start here, so a token says whose it is. */
export const PEER_TOKEN_BASE = 1001;

/**
 * The two users' zones: the first east of UTC, the second west of it, both with DST (on
 * different days), so reminders set as wall times are compared across zones to the minute.
 */
export const USER_TIME_ZONE = 'Europe/Berlin';
export const PEER_TIME_ZONE = 'America/New_York';

const silentLog = createLogger({ level: 'silent' });

function outlookDeps(db: Db, emulator: Emulator, crash: CrashableFetch): OutlookDeps {
  return {
    db,
    identity: createIdentityClient({
      loginBaseUrl: emulator.url,
      tenantId: 'common',
      clientId: CONVERGENCE_CLIENT.clientId,
      clientSecret: CONVERGENCE_CLIENT.clientSecret,
      redirectUri: REDIRECT_URI,
    }),
    graphBaseUrl: emulator.graphUrl,
    tokenKey: randomBytes(32),
    sandbox: true,
    appUrl: APP_URL,
    log: silentLog,
    fetch: crash.fetch,
    clock: systemClock,
  };
}

export function jobHandlers(deps: OutlookDeps, relayUrl: string): JobHandlers {
  const source = async () => deps;
  return {
    create: createTaskJob(source),
    update: updateTaskJob(source),
    delete: deleteTaskJob(source),
    project_sync: projectSyncJob(source),
    project_delete: projectDeleteJob(source),
    full_sync: fullSyncJob(source, { subscriptions: { webhookUrl: relayUrl } }),
  };
}

/** The OAuth flow as a browser would do it, approving at once; returns false when the callback failed. */
export async function connectOutlook(world: Pick<World, 'deps' | 'userId' | 'email'>): Promise<boolean> {
  const session = { userId: world.userId, sessionId: randomUUID() };
  const { url } = await startOutlookConnect(world.deps, session);
  const authorize = new URL(url);
  authorize.searchParams.set('login_hint', world.email);
  const redirect = await fetch(authorize, { redirect: 'manual' });
  const location = redirect.headers.get('location');
  if (!location) throw new Error(`authorize answered ${redirect.status}`);
  const result = await completeOutlookConnect(world.deps, session, new URL(location).searchParams);
  return result.ok;
}

/**
 * The guide's reconnect flow (§10.5–10.6): connect again, then `backfill-task-sync`
 * for the tasks that have no To Do copy (their queued jobs went with the disconnect).
 */
export async function reconnectAsTheGuideSays(world: World): Promise<string> {
  world.connected = await connectOutlook(world);
  if (!world.connected) return 'reconnect failed';
  const backfill = await backfillTaskSync(world.db, world.userId);
  await maintainSubscriptions(world);
  return `reconnected; backfill queued ${backfill.enqueued} create job(s)`;
}

/** Creates, renews or recreates the user's list subscriptions (what the /subscriptions cron does). */
export async function maintainSubscriptions(world: World): Promise<void> {
  await renewSubscriptions(world.db, {
    deps: world.deps,
    config: { webhookUrl: world.relay.url, durationMin: 4_200, renewBeforeMin: 1_440 },
    userId: world.userId,
    periodicFullSyncs: false,
  });
}

let reusable: Promise<FreshDatabase> | null = null;

/**
 * The runs' database: one migrated PGlite per process, emptied before each run. Opening
 * a fresh PGlite costs about 2 s, emptying it 50 ms, and a migrated template holds no
 * row but the migrations', so an emptied database is a fresh one. Runs are sequential
 * (one world at a time, the second user sharing it).
 */
async function emptiedDatabase(): Promise<FreshDatabase> {
  reusable ??= createFreshDatabase('pglite');
  const fresh = await reusable;
  const db = fresh.database.db;
  const tables = await sql<{ tablename: string }>`
    select tablename from pg_tables where schemaname = 'public' and tablename <> 'planner_schema_migrations'`.execute(db);
  await sql.raw(`truncate ${tables.rows.map((r) => `public."${r.tablename}"`).join(', ')} restart identity cascade`).execute(db);
  await sql`select pg_advisory_unlock_all()`.execute(db);
  return fresh;
}

/**
 * Graph back to its plain behaviour (every quirk at its default): what a liveness check
 * needs after the last command, since hostile runs leave notifications lost, late and
 * delta links dying for the rest of the run.
 */
export async function calmGraph(world: Pick<World, 'emulator'>): Promise<void> {
  await world.emulator.control.setQuirks(DEFAULT_QUIRKS);
}

export async function createWorld(emulator: Emulator, relay: NotificationRelay): Promise<World> {
  await emulator.control.setQuirks(DEFAULT_QUIRKS); // a run starts on plain Graph; a `fault.quirks` command turns quirks on
  const fresh = await emptiedDatabase();
  const crash = new CrashableFetch();
  const db = fresh.database.db;
  const deps = outlookDeps(db, emulator, crash);
  const userId = randomUUID();
  const email = `${userId.slice(0, 8)}@convergence.test`;
  const mailbox = await emulator.control.createUser({ email });
  relay.clear();
  const world: World = {
    db,
    emulator,
    relay,
    userId,
    email,
    mailboxId: mailbox.user.id,
    deps,
    handlers: jobHandlers(deps, relay.url),
    crash,
    connected: false,
    nextToken: 1,
    createdTokens: new Set(),
    mayBeGone: new Set(),
    openOnlyRepush: new Set(),
    trace: [],
    timeZone: USER_TIME_ZONE,
    nextStep: 1,
    repeating: new Set(),
    completions: new Map(),
    stepOrderFree: new Set(),
    close: async () => undefined, // the next run empties the database
  };
  await updateSettings(db, userId, { time_zone: world.timeZone });
  if (!(await connectOutlook(world))) throw new Error('initial connect failed');
  world.connected = true;
  await maintainSubscriptions(world);
  return world;
}

/**
 * The second user of a run (`peer.join`): a new Planner user in the same database,
 * a new mailbox in the same emulator, connected through the real OAuth flow, with the
 * same worker (handlers, deps, token key, crashable fetch) and notification relay.
 */
export async function createPeer(world: World): Promise<World> {
  const userId = randomUUID();
  const email = `${userId.slice(0, 8)}@second.convergence.test`;
  const mailbox = await world.emulator.control.createUser({ email });
  const peer: World = {
    ...world,
    userId,
    email,
    mailboxId: mailbox.user.id,
    connected: false,
    nextToken: PEER_TOKEN_BASE,
    createdTokens: new Set(),
    mayBeGone: new Set(),
    openOnlyRepush: new Set(),
    timeZone: PEER_TIME_ZONE,
    nextStep: PEER_TOKEN_BASE,
    repeating: new Set(),
    completions: new Map(),
    stepOrderFree: new Set(),
    peer: undefined,
    close: async () => undefined,
  };
  await updateSettings(peer.db, userId, { time_zone: peer.timeZone });
  if (!(await connectOutlook(peer))) throw new Error('second user: connect failed');
  peer.connected = true;
  await maintainSubscriptions(peer);
  return peer;
}
