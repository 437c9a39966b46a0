/**
 * Sync status in the browser once Outlook is connected (real Postgres, so the
 * test can seed the sync tables while the app runs): per-task synced / pending /
 * failed dots with the error on hover, and the project's linked list and last
 * sync. Postgres only: PGlite lives inside the app process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startAppServer, type AppServer } from '../helpers/app-server';
import { launchBrowser, saveScreenshot, type TestBrowser } from '../helpers/browser';
import { createFreshDatabase, POSTGRES_SKIP_REASON, type FreshDatabase } from '../helpers/db';

const DIST_DIR = process.env.NEXT_DIST_DIR ?? '.next';
const LOOPBACK_NOWHERE = 'http://127.0.0.1:9';

function poll<T>(read: () => Promise<T> | T) {
  return expect.poll(read, { timeout: 10_000, interval: 100 });
}

describe.skipIf(POSTGRES_SKIP_REASON)(`sync status in the browser${POSTGRES_SKIP_REASON ? ` (skipped: ${POSTGRES_SKIP_REASON})` : ''}`, () => {
  let fresh: FreshDatabase;
  let app: AppServer;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    fresh = await createFreshDatabase('postgres');
    app = await startAppServer({
      distDir: DIST_DIR,
      build: true,
      appRoot: process.env.PLANNER_APP_ROOT,
      databaseUrl: fresh.url,
      // No worker: jobs stay as the test leaves them; Microsoft points nowhere.
      env: { PLANNER_RUNNER: '0', MICROSOFT_LOGIN_BASE_URL: LOOPBACK_NOWHERE, MICROSOFT_GRAPH_BASE_URL: `${LOOPBACK_NOWHERE}/v1.0` },
    });
    browser = await launchBrowser();
    page = browser.page;
    page.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await fresh?.drop();
  });

  it('shows synced, pending and failed tasks and the linked list', async () => {
    const db = fresh.database.db;
    await page.goto(`${app.url}/sign-up`);
    await page.getByLabel('Name').fill('Grace Hopper');
    await page.getByLabel('Email').fill('grace@example.com');
    await page.getByLabel('Password').fill('compilers are fun');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/inbox');
    await page.getByRole('button', { name: 'New project' }).click();
    await page.getByLabel('New project name').fill('Launch');
    await page.getByLabel('New project name').press('Enter');
    await page.waitForURL(/\/projects\//);
    const input = page.getByLabel(/Add a task to/);
    for (const title of ['Write release notes', 'Book the venue', 'Order the cake']) {
      await input.fill(title);
      await input.press('Enter');
      await poll(() => page.locator('.task-row:not([data-task-id^="temp-"])', { hasText: title }).count()).toBe(1);
    }

    const user = await db.selectFrom('users').select('id').where('email', '=', 'grace@example.com').executeTakeFirstOrThrow();
    const project = await db.selectFrom('projects').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
    const tasks = await db.selectFrom('tasks').selectAll().where('user_id', '=', user.id).execute();
    const byTitle = Object.fromEntries(tasks.map((t) => [t.title, t]));
    expect(await db.selectFrom('task_sync_jobs').select('id').where('user_id', '=', user.id).execute()).toHaveLength(0);

    await db.insertInto('outlook_connections').values({ user_id: user.id, microsoft_account_id: 'grace-ms', email: 'grace@contoso.com' }).execute();
    await db
      .insertInto('project_outlook_lists')
      .values({ user_id: user.id, project_id: project.id, graph_list_id: 'list-launch', graph_list_name: 'Launch', last_synced_at: new Date(Date.now() - 3 * 60_000) })
      .execute();
    const notes = byTitle['Write release notes'];
    await db
      .insertInto('task_sync_state')
      .values({ user_id: user.id, task_id: notes.id, graph_task_id: 'g-notes', graph_list_id: 'list-launch', synced_version: notes.version })
      .execute();
    await db
      .insertInto('task_sync_jobs')
      .values([
        { user_id: user.id, task_id: byTitle['Book the venue'].id, action: 'create', status: 'failed', last_error: 'Graph 403: access denied to list' },
        { user_id: user.id, task_id: byTitle['Order the cake'].id, action: 'create', status: 'pending' },
      ])
      .execute();

    await page.reload();
    const dot = (title: string) => page.locator('.task-row', { hasText: title }).locator('.sync-dot');
    await poll(() => dot('Write release notes').getAttribute('data-sync')).toBe('synced');
    await poll(() => dot('Book the venue').getAttribute('data-sync')).toBe('failed');
    await poll(() => dot('Book the venue').getAttribute('title')).toBe('Sync failed: Graph 403: access denied to list');
    await poll(() => page.locator('.task-row', { hasText: 'Book the venue' }).locator('.sync-label').innerText()).toBe('Sync failed');
    await poll(() => dot('Order the cake').getAttribute('data-sync')).toBe('pending');
    await poll(() => page.locator('.sync-line').innerText()).toMatch(/^Linked to Outlook list “Launch” · synced [34] min ago$/);

    // Connected now: a new task queues exactly one create job, and shows as pending.
    await input.fill('Send invitations');
    await input.press('Enter');
    await poll(() => dot('Send invitations').getAttribute('data-sync')).toBe('pending');
    const created = await db.selectFrom('tasks').select('id').where('title', '=', 'Send invitations').executeTakeFirstOrThrow();
    const jobs = await db.selectFrom('task_sync_jobs').select(['action', 'status']).where('task_id', '=', created.id).execute();
    expect(jobs).toEqual([{ action: 'create', status: 'pending' }]);
    await dot('Book the venue').hover();
    await saveScreenshot(page, 'planner-sync-status');
  });
});
