/**
 * The token service against the emulator (issue 5): refresh with rotation when
 * under 2 minutes remain; concurrent refreshes (several workers, several
 * processes) make one token request; a revoked refresh token marks the
 * connection needs_reconnect and pauses its jobs; a reconnect resumes them.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index';
import { openDatabase, type Database } from '../../src/db/client';
import { enqueueTaskSyncJob } from '../../src/jobs/queue';
import { NeedsReconnectError } from '../../src/graph';
import { createTokenService, decryptToken, getOutlookStatus } from '../../src/server/outlook';
import { TEST_SECRET_KEY, testEngines, useTestDatabase } from '../helpers/db';
import { addProject, connect, EMULATOR_CLIENTS, makeDeps, newSession, vaultSecret, type TestDeps } from './connect-kit';

const TOKEN_ROUTE = 'POST /{tenant}/oauth2/v2.0/token';

describe.each(testEngines())('Outlook tokens on %s', (engine) => {
  const t = useTestDatabase(engine);
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, clients: EMULATOR_CLIENTS, autoApprove: true });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  async function connected(deps: TestDeps) {
    const session = newSession();
    const mailbox = await emulator.control.createUser({ email: session.email });
    await addProject(t.db, session.userId, 'Tokens');
    const result = await connect(deps, session, session.email);
    if (!result.ok) throw new Error(`connect failed: ${result.code}`);
    return { session, msUserId: mailbox.user.id };
  }

  const connectionOf = (userId: string) => t.db.selectFrom('outlook_connections').selectAll().where('user_id', '=', userId).executeTakeFirstOrThrow();

  async function expireSoon(userId: string) {
    await t.db.updateTable('outlook_connections').set({ access_token_expires_at: new Date(Date.now() + 60_000) }).where('user_id', '=', userId).execute();
  }

  async function tokenRequests(): Promise<number> {
    const byStatus = (await emulator.control.stats()).requests[TOKEN_ROUTE] ?? {};
    return Object.values(byStatus).reduce((a, b) => a + b, 0);
  }

  it('uses a token with more than 2 minutes left, and refreshes (rotating the refresh token) when less remain', async () => {
    const deps = makeDeps(t.db, emulator);
    const { session } = await connected(deps);
    const before = await connectionOf(session.userId);
    const oldAccess = decryptToken(before.access_token!, deps.tokenKey, session.userId);
    const oldRefresh = await vaultSecret(t.db, before.refresh_token_secret!);
    const tokens = createTokenService(deps);
    const requestsAtStart = await tokenRequests();

    expect(await tokens.getAccessToken(session.userId)).toBe(oldAccess);
    expect(await tokenRequests()).toBe(requestsAtStart);

    await expireSoon(session.userId);
    const fresh = await tokens.getAccessToken(session.userId);

    expect(fresh).not.toBe(oldAccess);
    expect(await tokenRequests()).toBe(requestsAtStart + 1);
    const after = await connectionOf(session.userId);
    expect(after.token_version).toBe(before.token_version + 1);
    expect(decryptToken(after.access_token!, deps.tokenKey, session.userId)).toBe(fresh);
    expect(new Date(after.access_token_expires_at!).getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
    const newRefresh = await vaultSecret(t.db, after.refresh_token_secret!);
    expect(newRefresh).not.toBe(oldRefresh);
    expect(after.refresh_token_secret).toBe(before.refresh_token_secret);
    // The rotated refresh token works: another refresh succeeds with it.
    await expireSoon(session.userId);
    expect(await tokens.getAccessToken(session.userId)).not.toBe(fresh);
  });

  it('collapses concurrent refreshes from several workers and several processes into one token request', async () => {
    const deps = makeDeps(t.db, emulator);
    const { session } = await connected(deps);
    await expireSoon(session.userId);
    // Two "processes": each its own token service (single-flight map) and, on Postgres, its own pool.
    const pools: Database[] = [];
    if (engine === 'postgres') {
      for (let i = 0; i < 2; i++) pools.push(await openDatabase({ url: t.url, secretKey: TEST_SECRET_KEY, maxConnections: 4 }));
    }
    try {
      const processA = createTokenService({ ...deps, db: pools[0]?.db ?? t.db });
      const processB = createTokenService({ ...deps, db: pools[1]?.db ?? t.db });
      const before = await tokenRequests();

      const tokens = await Promise.all([
        processA.getAccessToken(session.userId),
        processA.getAccessToken(session.userId),
        processB.getAccessToken(session.userId),
        processB.getAccessToken(session.userId),
        processA.getAccessToken(session.userId),
      ]);

      expect(new Set(tokens).size).toBe(1);
      expect(await tokenRequests()).toBe(before + 1);
      expect((await connectionOf(session.userId)).needs_reconnect).toBe(false);
    } finally {
      for (const pool of pools) await pool.close();
    }
  });

  it('marks the connection needs_reconnect on a revoked refresh token, pauses its jobs, and a reconnect resumes them', async () => {
    const deps = makeDeps(t.db, emulator);
    const { session, msUserId } = await connected(deps);
    await t.db.updateTable('task_sync_jobs').set({ status: 'completed' }).where('user_id', '=', session.userId).execute();
    await enqueueTaskSyncJob(t.db, { userId: session.userId, action: 'create', taskId: crypto.randomUUID() });
    await emulator.control.revokeRefreshTokens(msUserId);
    await expireSoon(session.userId);
    const tokens = createTokenService(deps);

    const error = await tokens.getAccessToken(session.userId).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NeedsReconnectError);
    expect(error).toMatchObject({ oauthError: 'invalid_grant' });
    const row = await connectionOf(session.userId);
    expect(row.needs_reconnect).toBe(true);
    expect(row.needs_reconnect_reason).toMatch(/^invalid_grant/);
    expect(row.access_token).toBeNull();

    const claimed = await claimAll();
    expect(claimed.filter((j) => j.user_id === session.userId)).toHaveLength(0);
    const jobs = await t.db.selectFrom('task_sync_jobs').select(['action', 'status']).where('user_id', '=', session.userId).where('status', '!=', 'completed').execute();
    expect(jobs).toEqual([{ action: 'create', status: 'pending' }]);

    const status = await getOutlookStatus(t.db, session.userId, { sandbox: true });
    expect(status).toMatchObject({ connected: true, needsReconnect: true });
    const requestsBefore = await tokenRequests();
    await expect(tokens.getAccessToken(session.userId)).rejects.toBeInstanceOf(NeedsReconnectError);
    expect(await tokenRequests()).toBe(requestsBefore);

    const again = await connect(deps, session, session.email);
    expect(again).toMatchObject({ ok: true, reconnected: true });
    expect((await connectionOf(session.userId)).needs_reconnect).toBe(false);
    expect(await tokens.getAccessToken(session.userId)).toMatch(/\S{20,}/);
    const resumed = await claimAll();
    expect(resumed.filter((j) => j.user_id === session.userId).map((j) => j.action).sort()).toEqual(['create', 'full_sync']);
  });

  async function claimAll() {
    const result = await sql<{ user_id: string; action: string }>`select * from public.claim_task_sync_jobs('test-worker', 100, 60)`.execute(t.db);
    return result.rows;
  }
});
