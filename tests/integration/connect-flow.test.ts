/**
 * Connect Outlook against the emulator (issue 5): the callback stores the
 * connection, tokens (vault + encrypted), one list per Active project plus the
 * default list (reusing same-named lists, never duplicating), the lists delta
 * cursor and the initial full_sync. Every bad callback ends on a clear code and
 * stores nothing.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index';
import { completeOutlookConnect, decryptToken, DEFAULT_LIST_NAME, startOutlookConnect } from '../../src/server/outlook';
import { testEngines, useTestDatabase } from '../helpers/db';
import { testClock } from '../helpers/clock';
import { addProject, authorizeInBrowser, connect, EMULATOR_CLIENTS, makeDeps, newSession, storedFor, vaultSecret } from './connect-kit';

const NOTHING = { connections: 0, lists: 0, jobs: 0, states: 0, secrets: 0 };

describe.each(testEngines())('connect Outlook on %s', (engine) => {
  const t = useTestDatabase(engine);
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, clients: EMULATOR_CLIENTS, autoApprove: true });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it('stores the connection, links a list per Active project and the default list, and queues the first full_sync', async () => {
    const deps = makeDeps(t.db, emulator);
    const session = newSession();
    const mailbox = await emulator.control.createUser({ email: session.email, displayName: 'Ada Lovelace' });
    const existing = await emulator.control.createList(mailbox.user.id, 'Work');
    const work = await addProject(t.db, session.userId, 'Work');
    const home = await addProject(t.db, session.userId, 'Home');
    await addProject(t.db, session.userId, 'Old stuff', 'Completed');

    const result = await connect(deps, session, session.email);

    expect(result).toEqual({ ok: true, email: session.email, displayName: 'Ada Lovelace', reconnected: false });
    const connection = await t.db.selectFrom('outlook_connections').selectAll().where('user_id', '=', session.userId).executeTakeFirstOrThrow();
    expect(connection).toMatchObject({ microsoft_account_id: mailbox.user.id, email: session.email, display_name: 'Ada Lovelace', is_sandbox: true, needs_reconnect: false });
    expect(connection.delta_token).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\.0\/me\/todo\/lists\/delta/);
    expect(connection.refresh_token_secret).toBeTruthy();
    expect(await vaultSecret(t.db, connection.refresh_token_secret!)).toMatch(/\S{20,}/);
    expect(connection.access_token).toMatch(/^v1\./);
    expect(decryptToken(connection.access_token!, deps.tokenKey, session.userId)).toMatch(/\S{20,}/);

    const names = (await emulator.control.mailbox(mailbox.user.id)).lists.map((l) => l.displayName).sort();
    expect(names.filter((n) => n === 'Work')).toHaveLength(1);
    expect(names).toEqual(expect.arrayContaining(['Work', 'Home', DEFAULT_LIST_NAME]));
    expect(names).not.toContain('Old stuff');

    const links = await t.db.selectFrom('project_outlook_lists').selectAll().where('user_id', '=', session.userId).execute();
    expect(links).toHaveLength(3);
    expect(links.find((l) => l.project_id === work.id)).toMatchObject({ graph_list_id: existing.id, graph_list_name: 'Work', is_active: true });
    expect(links.find((l) => l.project_id === home.id)).toMatchObject({ graph_list_name: 'Home', is_active: true });
    const inbox = links.find((l) => l.is_default)!;
    expect(inbox).toMatchObject({ project_id: null, graph_list_name: DEFAULT_LIST_NAME });
    expect(connection.planner_list_id).toBe(inbox.graph_list_id);

    const jobs = await t.db.selectFrom('task_sync_jobs').selectAll().where('user_id', '=', session.userId).execute();
    expect(jobs.map((j) => [j.action, j.status])).toEqual([['full_sync', 'pending']]);
  });

  it('connecting again reuses every list: no duplicates in Outlook, no extra mappings', async () => {
    const deps = makeDeps(t.db, emulator);
    const session = newSession();
    const mailbox = await emulator.control.createUser({ email: session.email });
    await addProject(t.db, session.userId, 'Alpha');
    expect((await connect(deps, session, session.email)).ok).toBe(true);
    const before = (await emulator.control.mailbox(mailbox.user.id)).lists.length;

    const again = await connect(deps, { ...session, sessionId: session.sessionId }, session.email);

    expect(again).toMatchObject({ ok: true, reconnected: true });
    expect((await emulator.control.mailbox(mailbox.user.id)).lists).toHaveLength(before);
    expect(await storedFor(t.db, session.userId)).toMatchObject({ connections: 1, lists: 2, secrets: 1 });
  });

  it('refuses a tampered state and stores nothing', async () => {
    const deps = makeDeps(t.db, emulator);
    const session = newSession();
    const query = await authorizeInBrowser(deps, session, session.email);
    query.set('state', query.get('state')!.slice(0, -2) + 'xx');

    expect(await completeOutlookConnect(deps, session, query)).toEqual({ ok: false, code: 'invalid_state' });
    expect(await storedFor(t.db, session.userId)).toEqual(NOTHING);
  });

  it('refuses a replayed state', async () => {
    const deps = makeDeps(t.db, emulator);
    const session = newSession();
    const query = await authorizeInBrowser(deps, session, session.email);
    const declined = new URLSearchParams({ state: query.get('state')!, error: 'access_denied' });
    expect(await completeOutlookConnect(deps, session, declined)).toEqual({ ok: false, code: 'access_denied' });

    expect(await completeOutlookConnect(deps, session, query)).toEqual({ ok: false, code: 'state_used' });
    expect(await storedFor(t.db, session.userId)).toEqual(NOTHING);
  });

  it('refuses a state older than 10 minutes', async () => {
    const session = newSession();
    const started = new Date();
    const query = await authorizeInBrowser(makeDeps(t.db, emulator, { clock: testClock(started) }), session, session.email);
    const later = makeDeps(t.db, emulator, { clock: testClock(new Date(started.getTime() + 10 * 60_000 + 1_000)) });
    // Same token key as the flow's start is not needed: the state is refused before the verifier is read.
    expect(await completeOutlookConnect(later, session, query)).toEqual({ ok: false, code: 'state_expired' });
    expect(await storedFor(t.db, session.userId)).toEqual(NOTHING);
  });

  it('refuses a callback without a session, or from another session', async () => {
    const deps = makeDeps(t.db, emulator);
    const session = newSession();
    const query = await authorizeInBrowser(deps, session, session.email);
    expect(await completeOutlookConnect(deps, null, query)).toEqual({ ok: false, code: 'not_signed_in' });

    const other = await authorizeInBrowser(deps, session, session.email);
    expect(await completeOutlookConnect(deps, { ...session, sessionId: 'another-session' }, other)).toEqual({ ok: false, code: 'session_mismatch' });
    expect(await storedFor(t.db, session.userId)).toEqual(NOTHING);
  });

  it('reports a declined consent (error=access_denied from the emulator) and stores nothing', async () => {
    const manual = await startEmulator({ port: 0, clients: EMULATOR_CLIENTS });
    try {
      const deps = makeDeps(t.db, manual);
      const session = newSession();
      const { url } = await startOutlookConnect(deps, session);
      const page = await (await fetch(url)).text();
      const requestId = /name="request_id" value="([^"]+)"/.exec(page)![1];
      const consent = await fetch(`${manual.url}/common/oauth2/v2.0/authorize/consent`, {
        method: 'POST',
        body: new URLSearchParams({ request_id: requestId, decision: 'decline' }),
        redirect: 'manual',
      });
      const query = new URL(consent.headers.get('location')!).searchParams;
      expect(query.get('error')).toBe('access_denied');

      expect(await completeOutlookConnect(deps, session, query)).toEqual({ ok: false, code: 'access_denied' });
      expect(await storedFor(t.db, session.userId)).toEqual(NOTHING);
    } finally {
      await manual.close();
    }
  });

  it('reports a token endpoint that rejects the client, and stores nothing', async () => {
    const session = newSession();
    const deps = makeDeps(t.db, emulator);
    const query = await authorizeInBrowser(deps, session, session.email);
    const wrongSecret = makeDeps(t.db, emulator, { clientSecret: 'not-the-secret', tokenKey: deps.tokenKey });
    expect(await completeOutlookConnect(wrongSecret, session, query)).toEqual({ ok: false, code: 'token_exchange_failed' });
    expect(await storedFor(t.db, session.userId)).toEqual(NOTHING);
  });

  it('reports a token endpoint that is down (503), and stores nothing', async () => {
    const down = await startDownServer();
    try {
      const deps = makeDeps(t.db, emulator);
      const session = newSession();
      const query = await authorizeInBrowser(deps, session, session.email);
      const broken = makeDeps(t.db, emulator, { loginBaseUrl: down.url, tokenKey: deps.tokenKey });
      expect(await completeOutlookConnect(broken, session, query)).toEqual({ ok: false, code: 'token_exchange_failed' });
      expect(await storedFor(t.db, session.userId)).toEqual(NOTHING);
    } finally {
      await new Promise((r) => down.server.close(r));
    }
  });
});

/** A local identity host whose token endpoint answers 503. */
async function startDownServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'temporarily_unavailable', error_description: 'Service unavailable' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
