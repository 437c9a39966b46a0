/**
 * Connect Outlook in headless Chromium against the built app and the emulator
 * (issue 5): sign up, decline once, Connect, consent on the emulator's page, back
 * on Settings → Integrations showing the account; one To Do list per Active
 * project plus the default list; the initial full_sync queued. Then a revoked
 * grant → "Reconnect needed", Reconnect → resumed; no table and no log line holds
 * a token the emulator issued; Disconnect → not connected, lists stay in Outlook.
 * Screenshots: test-results/screenshots/connect-*.png.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index';
import { openDatabase } from '../../src/db/client';
import { freePort, startAppServer, type AppServer } from '../helpers/app-server';
import { launchBrowser, saveScreenshot, type TestBrowser } from '../helpers/browser';

const DIST_DIR = process.env.NEXT_DIST_DIR ?? '.next';
const CLIENT = { clientId: 'planner-e2e', clientSecret: 'planner-e2e-secret' };
const STAMP = Date.now();
const PLANNER_EMAIL = `grace-${STAMP}@example.com`;
const OUTLOOK_EMAIL = `grace-${STAMP}@outlook.test`;

let emulator: Emulator;
let app: AppServer;
let browser: TestBrowser;
let page: Page;
let port: number;
let workDir: string;
const appLogs: string[] = [];

function poll<T>(read: () => Promise<T> | T) {
  return expect.poll(read, { timeout: 15_000, interval: 100 });
}

async function startApp(): Promise<AppServer> {
  return startAppServer({
    distDir: DIST_DIR,
    build: true,
    port,
    dataDir: path.join(workDir, 'app'),
    env: {
      MICROSOFT_CLIENT_ID: CLIENT.clientId,
      MICROSOFT_CLIENT_SECRET: CLIENT.clientSecret,
      MICROSOFT_TENANT_ID: 'common',
      MICROSOFT_LOGIN_BASE_URL: emulator.url,
      MICROSOFT_GRAPH_BASE_URL: emulator.graphUrl,
      PLANNER_SANDBOX: '1',
      // Keep the queue still, so the test sees the jobs the flow left behind.
      PLANNER_RUNNER: '0',
      LOG_LEVEL: 'debug',
    },
  });
}

async function status() {
  const response = await page.request.get(`${app.url}/api/integrations/outlook/status`);
  expect(response.status()).toBe(200);
  return response.json();
}

async function consentOnEmulatorPage(decision: 'Accept' | 'Decline') {
  await page.waitForURL(`${emulator.url}/**`);
  await page.fill('#new_account', OUTLOOK_EMAIL);
  await saveScreenshot(page, `connect-emulator-consent-${decision.toLowerCase()}`);
  await page.getByRole('button', { name: decision }).click();
  await page.waitForURL(`${app.url}/settings/integrations**`);
}

describe('Connect Outlook in the browser', () => {
  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), 'planner-connect-e2e-'));
    port = await freePort();
    emulator = await startEmulator({
      port: 0,
      clients: [{ ...CLIENT, redirectUris: [`http://127.0.0.1:${port}/api/integrations/outlook/callback`] }],
      allowHttpNotificationUrls: true,
      stateFile: path.join(workDir, 'emulator-state.json'),
      // Under the 2-minute refresh margin: every token use refreshes, so a revoked grant shows at once.
      accessTokenTtlSeconds: 100,
    });
    app = await startApp();
    browser = await launchBrowser();
    page = browser.page;
    page.setDefaultTimeout(15_000);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await emulator?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('signs up and creates projects', async () => {
    await page.goto(`${app.url}/sign-up`);
    await page.getByLabel('Name').fill('Grace Hopper');
    await page.getByLabel('Email').fill(PLANNER_EMAIL);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/inbox');
    for (const name of ['Compiler', 'Navy talks', 'Retired project']) {
      const created = await page.request.post(`${app.url}/api/projects`, { data: { name }, headers: { origin: app.url } });
      expect(created.status()).toBe(201);
      if (name === 'Retired project') {
        const { project } = await created.json();
        const closed = await page.request.patch(`${app.url}/api/projects/${project.id}`, { data: { status: 'Completed' }, headers: { origin: app.url } });
        expect(closed.status()).toBe(200);
      }
    }
  });

  it('shows a clear message when consent is declined, and stores nothing', async () => {
    await page.goto(`${app.url}/settings/integrations`);
    await page.getByRole('link', { name: 'Connect Outlook' }).click();
    await consentOnEmulatorPage('Decline');
    await poll(() => page.getByTestId('flash').innerText()).toContain('You declined access in Microsoft');
    await expect(page.getByTestId('outlook-state').innerText()).resolves.toContain('Not connected');
    expect(await status()).toMatchObject({ connected: false, queue: { pending: 0 } });
  });

  it('connects: consent on the emulator page, back on Integrations with the account, lists and the first full_sync', async () => {
    await page.getByRole('link', { name: 'Connect Outlook' }).click();
    await consentOnEmulatorPage('Accept');
    await poll(() => page.getByTestId('flash').innerText()).toContain('Outlook is connected');
    await expect(page.getByTestId('outlook-account').innerText()).resolves.toContain(OUTLOOK_EMAIL);
    expect(await page.getByText('Sandbox', { exact: true }).isVisible()).toBe(true);
    await expect(page.getByTestId('linked-lists').innerText()).resolves.toMatch(/Compiler[\s\S]*Navy talks|Navy talks[\s\S]*Compiler/);
    await expect(page.getByTestId('queue').innerText()).resolves.toBe('1 waiting, 0 running, 0 failed');
    await saveScreenshot(page, 'connect-connected');

    const mailbox = await emulator.control.mailbox(OUTLOOK_EMAIL);
    const names = mailbox.lists.filter((l) => l.wellknownListName === 'none').map((l) => l.displayName).sort();
    expect(names).toEqual(['Compiler', 'Navy talks', 'Planner Inbox']);

    const s = await status();
    expect(s).toMatchObject({ connected: true, needsReconnect: false, account: { email: OUTLOOK_EMAIL, isSandbox: true }, queue: { pending: 1 } });
    expect(s.lists).toHaveLength(3);
  });

  it('says "Reconnect needed" when Microsoft revokes the grant, keeps the jobs waiting, and Reconnect resumes', async () => {
    const msUser = (await emulator.control.mailbox(OUTLOOK_EMAIL)).user.id;
    await emulator.control.revokeRefreshTokens(msUser);
    await page.getByRole('button', { name: 'Sync now' }).click();
    await poll(() => page.getByTestId('needs-reconnect').isVisible()).toBe(true);
    await expect(page.getByTestId('needs-reconnect').innerText()).resolves.toContain('syncing is paused');
    await saveScreenshot(page, 'connect-needs-reconnect');
    expect(await status()).toMatchObject({ needsReconnect: true, queue: { pending: 1, failed: 0 } });

    await page.getByRole('link', { name: 'Reconnect Outlook' }).click();
    await consentOnEmulatorPage('Accept');
    await poll(() => page.getByTestId('flash').innerText()).toContain('reconnected');
    expect(await page.getByTestId('needs-reconnect').count()).toBe(0);
    expect(await status()).toMatchObject({ connected: true, needsReconnect: false, queue: { pending: 1 } });
    await page.getByRole('button', { name: 'Sync now' }).click();
    await poll(() => page.getByTestId('action-message').innerText()).toContain('already queued');
    const names = (await emulator.control.mailbox(OUTLOOK_EMAIL)).lists.filter((l) => l.wellknownListName === 'none');
    expect(names).toHaveLength(3);
  });

  it('keeps every token the emulator issued out of every table and the app log', async () => {
    appLogs.push(app.logs());
    await app.stop();
    await new Promise((r) => setTimeout(r, 400)); // the emulator saves its state 200 ms after a change
    const state = JSON.parse(readFileSync(path.join(workDir, 'emulator-state.json'), 'utf8'));
    const issued = [...Object.keys(state.accessTokens), ...Object.keys(state.refreshTokens), ...Object.keys(state.codes)];
    expect(issued.length).toBeGreaterThanOrEqual(6);

    const database = await openDatabase({ dataDir: path.join(workDir, 'app', 'pglite') });
    try {
      const jobs = await database.db.selectFrom('task_sync_jobs').select(['action', 'status']).execute();
      expect(jobs).toEqual([{ action: 'full_sync', status: 'pending' }]);
      const dump = await dumpAllTables(database.db);
      expect(dump).toContain(PLANNER_EMAIL);
      for (const token of issued) expect(dump.includes(token)).toBe(false);
    } finally {
      await database.close();
    }
    const logs = appLogs.join('\n');
    expect(logs).toContain('outlook connected');
    for (const token of issued) expect(logs.includes(token)).toBe(false);
    app = await startApp();
  });

  it('disconnects after confirmation: not connected, no queued jobs, lists stay in Outlook', async () => {
    await page.goto(`${app.url}/settings/integrations`);
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await expect(page.getByRole('group', { name: 'Confirm disconnect' }).innerText()).resolves.toContain('Planner keeps your tasks');
    await saveScreenshot(page, 'connect-confirm-disconnect');
    await page.getByRole('button', { name: 'Yes, disconnect' }).click();
    await poll(() => page.getByTestId('outlook-state').innerText()).toContain('Not connected');
    expect(await status()).toMatchObject({ connected: false, lists: [], queue: { pending: 0, processing: 0, failed: 0, completed: 0 } });
    const names = (await emulator.control.mailbox(OUTLOOK_EMAIL)).lists.filter((l) => l.wellknownListName === 'none');
    expect(names).toHaveLength(3);
  });

  it('refuses a cross-site disconnect, and every route without a session', async () => {
    const forged = await page.request.post(`${app.url}/api/integrations/outlook/disconnect`, { headers: { origin: 'http://evil.example' } });
    expect(forged.status()).toBe(403);
    const anonymous = await fetch(`${app.url}/api/integrations/outlook/callback?state=abc&code=def`, { redirect: 'manual' });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).toContain('You were signed out while connecting Outlook');
    expect((await fetch(`${app.url}/api/integrations/outlook/status`)).status).toBe(401);
    const authorize = await fetch(`${app.url}/api/integrations/outlook/authorize`, { redirect: 'manual' });
    expect(authorize.status).toBe(302);
    expect(new URL(authorize.headers.get('location')!).pathname).toBe('/sign-in');
    const sameOriginWithoutSession = await fetch(`${app.url}/api/integrations/outlook/disconnect`, { method: 'POST', headers: { origin: app.url } });
    expect(sameOriginWithoutSession.status).toBe(401);
  });
});

async function dumpAllTables(db: Awaited<ReturnType<typeof openDatabase>>['db']): Promise<string> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(db);
  const parts: string[] = [];
  for (const { table_name } of tables.rows) {
    const rows = await sql`select * from ${sql.table(`public.${table_name}`)}`.execute(db);
    parts.push(`${table_name}: ${JSON.stringify(rows.rows, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}`);
  }
  return parts.join('\n');
}
