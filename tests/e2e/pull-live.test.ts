/**
 * To Do → Planner in the running app (issue 7), in headless Chromium against the
 * built app and the emulator, with the in-process runner on (as `npm start` runs it):
 * connect Outlook, whose first full_sync creates the list subscriptions through the real
 * validation handshake (the /subscriptions cron then finds nothing to do), an Outlook create shows in the Inbox page, and a conflict (a
 * Planner edit whose push is held back by a throttled PATCH, then an Outlook edit)
 * appears on /conflicts, where Undo brings Planner's value back on both sides.
 * Screenshots: test-results/screenshots/pull-*.png.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index';
import { freePort, startAppServer, type AppServer } from '../helpers/app-server';
import { launchBrowser, saveScreenshot, type TestBrowser } from '../helpers/browser';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DIST_DIR = process.env.NEXT_DIST_DIR ?? '.next-pull';
const CLIENT = { clientId: 'planner-pull-e2e', clientSecret: 'planner-pull-e2e-secret' };
const SECRET = 'pull-e2e-sync-job-secret-0123456789';
const STAMP = Date.now();
const OUTLOOK_EMAIL = `ada-${STAMP}@outlook.test`;

let emulator: Emulator;
let app: AppServer;
let browser: TestBrowser;
let page: Page;
let workDir: string;
let inboxListId: string;

const poll = <T>(read: () => Promise<T> | T, timeout = 10_000) => expect.poll(read, { timeout, interval: 100 });

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(target).reduce((newest, entry) => Math.max(newest, newestMtime(path.join(target, entry))), stat.mtimeMs);
}

/** Builds into DIST_DIR when src/ is newer than the build, leaving tsconfig.json as it was. */
function ensureFreshBuild(): void {
  const buildId = path.join(ROOT, DIST_DIR, 'BUILD_ID');
  if (existsSync(buildId) && statSync(buildId).mtimeMs >= newestMtime(path.join(ROOT, 'src'))) return;
  const tsconfig = readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'build'], {
    cwd: ROOT,
    env: { ...process.env, NEXT_DIST_DIR: DIST_DIR },
    encoding: 'utf8',
  });
  writeFileSync(path.join(ROOT, 'tsconfig.json'), tsconfig);
  if (r.status !== 0) throw new Error(`next build failed:\n${r.stdout}\n${r.stderr}`);
}

async function api(method: 'post' | 'patch', url: string, data: unknown) {
  const response = await page.request[method](`${app.url}${url}`, { data, headers: { origin: app.url } });
  expect(response.status(), await response.text()).toBeLessThan(300);
  return response.json();
}

async function inboxTasks() {
  return (await emulator.control.mailbox(OUTLOOK_EMAIL)).lists.find((l) => l.id === inboxListId)?.tasks ?? [];
}

describe('To Do → Planner in the running app', () => {
  beforeAll(async () => {
    ensureFreshBuild();
    workDir = mkdtempSync(path.join(tmpdir(), 'planner-pull-e2e-'));
    const port = await freePort();
    emulator = await startEmulator({
      port: 0,
      clients: [{ ...CLIENT, redirectUris: [`http://127.0.0.1:${port}/api/integrations/outlook/callback`] }],
      allowHttpNotificationUrls: true,
    });
    app = await startAppServer({
      distDir: DIST_DIR,
      port,
      dataDir: path.join(workDir, 'app'),
      env: {
        MICROSOFT_CLIENT_ID: CLIENT.clientId,
        MICROSOFT_CLIENT_SECRET: CLIENT.clientSecret,
        MICROSOFT_LOGIN_BASE_URL: emulator.url,
        MICROSOFT_GRAPH_BASE_URL: emulator.graphUrl,
        PLANNER_SANDBOX: '1',
        OUTLOOK_SYNC_JOB_SECRET: SECRET,
        OUTLOOK_WEBHOOK_URL: `http://127.0.0.1:${port}/api/integrations/outlook/webhook`,
        PLANNER_RUNNER: '1',
        LOG_LEVEL: 'warn',
      },
    });
    browser = await launchBrowser();
    page = browser.page;
    page.setDefaultTimeout(15_000);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await emulator?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('signs up, connects Outlook and subscribes to its lists through the validation handshake', async () => {
    await page.goto(`${app.url}/sign-up`);
    await page.getByLabel('Name').fill('Ada Lovelace');
    await page.getByLabel('Email').fill(`ada-${STAMP}@example.com`);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/inbox');
    await page.goto(`${app.url}/settings/integrations`);
    await page.getByRole('link', { name: 'Connect Outlook' }).click();
    await page.waitForURL(`${emulator.url}/**`);
    await page.fill('#new_account', OUTLOOK_EMAIL);
    await page.getByRole('button', { name: 'Accept' }).click();
    await page.waitForURL(`${app.url}/settings/integrations**`);
    inboxListId = (await emulator.control.mailbox(OUTLOOK_EMAIL)).lists.find((l) => l.displayName === 'Planner Inbox')!.id;

    // The connect's first full_sync subscribes the list (decision 0040); the cron finds nothing left to create.
    const mailboxId = (await emulator.control.mailbox(OUTLOOK_EMAIL)).user.id;
    await poll(async () => (await emulator.control.subscriptions()).filter((s) => s.userId === mailboxId).map((s) => s.resource), 20_000).toEqual([
      `/me/todo/lists/${inboxListId}/tasks`,
    ]);
    const res = await fetch(`${app.url}/api/integrations/outlook/subscriptions`, { method: 'POST', headers: { authorization: `Bearer ${SECRET}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ created: 0, failed: 0 });
    const validations = (await emulator.control.notificationLog()).filter((d) => d.kind === 'validation');
    expect(validations.length).toBeGreaterThanOrEqual(1);
    expect(validations.every((v) => v.ok)).toBe(true);
  });

  it('a task created in Outlook appears in the Inbox page', async () => {
    await emulator.control.createTask(OUTLOOK_EMAIL, inboxListId, { title: 'Buy oat milk', importance: 'high' });
    await page.goto(`${app.url}/inbox`);
    await poll(async () => {
      await page.reload();
      return page.getByText('Buy oat milk').count();
    }).toBe(1);
    await saveScreenshot(page, 'pull-inbox-from-outlook');
  });

  it('a conflict shows on /conflicts, and Undo restores the Planner value on both sides', async () => {
    const { task } = await api('post', '/api/tasks', { title: 'Write the report' });
    await poll(async () => (await inboxTasks()).filter((t) => t.title === 'Write the report').length).toBe(1);
    const copy = (await inboxTasks()).find((t) => t.title === 'Write the report')!;

    // Planner's edit cannot reach To Do for a while (throttled PATCH), and Outlook edits the same title later.
    await emulator.control.setFaults([{ route: 'PATCH /v1.0/me/todo/lists/*/tasks/*', script: [{ kind: 'status', status: 503, retryAfterSeconds: 4 }] }]);
    await api('patch', `/api/tasks/${task.id}`, { title: 'Write the Q3 report' });
    await new Promise((r) => setTimeout(r, 300));
    await emulator.control.updateTask(OUTLOOK_EMAIL, inboxListId, copy.id, { title: 'Write the annual report' });

    await page.goto(`${app.url}/conflicts`);
    await poll(async () => {
      await page.reload();
      return page.getByTestId('conflict').count();
    }).toBe(1);
    const row = page.getByTestId('conflict');
    await expect(row.innerText()).resolves.toMatch(/Write the annual report[\s\S]*Write the Q3 report/);
    expect(await page.getByRole('link', { name: 'Sync conflicts' }).isVisible()).toBe(true);
    // The intro speaks of both kinds of row: a field changed on both sides, and a deletion an edit beat.
    await expect(page.locator('.page-subtitle').innerText()).resolves.toMatch(/later edit wins[\s\S]*deleted on one side while\s+edited or moved on the other, it is kept/);
    await saveScreenshot(page, 'pull-conflicts');

    await row.getByRole('button', { name: /Undo/ }).click();
    await poll(() => page.getByText("Undone: Planner's value restored").count()).toBe(1);
    await saveScreenshot(page, 'pull-conflict-undone');
    await poll(async () => (await inboxTasks()).find((t) => t.id === copy.id)?.title, 15_000).toBe('Write the Q3 report');
    const planner = await (await page.request.get(`${app.url}/api/tasks/${task.id}`)).json();
    expect(planner.task.title).toBe('Write the Q3 report');
  });
});
