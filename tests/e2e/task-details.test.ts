/**
 * Issue 16 §7, in headless Chromium against the built app on real Postgres: every new
 * control of the task editor — steps (add, check, rename, reorder, delete), status, start
 * date, tags, a reminder in the user's time zone, a repeat with its plain-language
 * summary — and the time zone on Settings → Integrations; completing a repeating task
 * rolls it on. Screenshots at 1280 and 390 px: test-results/screenshots/task-details-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startAppServer, type AppServer } from '../helpers/app-server';
import { launchBrowser, saveScreenshot, type TestBrowser } from '../helpers/browser';
import { createFreshDatabase, POSTGRES_SKIP_REASON, type FreshDatabase } from '../helpers/db';

const DIST_DIR = process.env.NEXT_DIST_DIR ?? '.next';
const LOOPBACK_NOWHERE = 'http://127.0.0.1:9';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

function poll<T>(read: () => Promise<T> | T) {
  return expect.poll(read, { timeout: 20_000, interval: 100 });
}

async function shots(page: Page, name: string) {
  await saveScreenshot(page, `task-details-${name}-desktop`);
  await page.setViewportSize(PHONE);
  await saveScreenshot(page, `task-details-${name}-phone`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await page.setViewportSize(DESKTOP);
  return overflow;
}

/** A saved task's row (not the placeholder shown while the add is on its way). */
const row = (page: Page, title: string) => page.locator('.task-row:not([data-task-id^="temp-"])', { has: page.locator('.task-title-text', { hasText: title }) });

async function apiTask(page: Page, title: string) {
  const response = await page.request.get(new URL('/api/tasks?project=inbox', page.url()).toString());
  const { tasks } = (await response.json()) as { tasks: { title: string; completed: boolean; [k: string]: unknown }[] };
  return tasks.filter((t) => t.title === title);
}

describe.skipIf(POSTGRES_SKIP_REASON)(`the task editor's details${POSTGRES_SKIP_REASON ? ` (skipped: ${POSTGRES_SKIP_REASON})` : ''}`, () => {
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
      env: { PLANNER_RUNNER: '0', MICROSOFT_LOGIN_BASE_URL: LOOPBACK_NOWHERE, MICROSOFT_GRAPH_BASE_URL: `${LOOPBACK_NOWHERE}/v1.0` },
    });
    browser = await launchBrowser({ viewport: DESKTOP });
    page = browser.page;
    page.setDefaultTimeout(10_000);
    await page.goto(`${app.url}/sign-up`);
    await page.getByLabel('Name').fill('Ada Lovelace');
    await page.getByLabel('Email').fill('ada@example.com');
    await page.getByLabel('Password').fill('analytical engine');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/inbox');
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await fresh?.drop();
  });

  it('Settings: the time zone is chosen from a list and kept', async () => {
    // A CPU twenty times slower, as on a loaded machine: a choice made while the page is
    // still loading waits for the page to be ready instead of being dropped.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 20 });
    await page.goto(`${app.url}/settings/integrations`);
    const panel = page.getByTestId('sync-settings');
    await panel.getByLabel('Your time zone').selectOption('Europe/Berlin', { timeout: 60_000 });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await cdp.detach();
    await poll(() => panel.getByRole('status').innerText()).toBe('Saved');
    expect(await shots(page, 'settings')).toBeLessThanOrEqual(0);
    await page.reload();
    expect(await page.getByTestId('sync-settings').getByLabel('Your time zone').inputValue()).toBe('Europe/Berlin');
    // Lists ↔ projects and the Inbox's list: each kept across a reload.
    const settings = page.getByTestId('sync-settings');
    await settings.getByLabel(/Lists made in To Do become projects/).uncheck({ timeout: 60_000 });
    await poll(() => settings.getByRole('status').innerText()).toBe('Saved');
    await settings.getByLabel(/To Do’s own “Tasks” list/).check();
    await poll(async () => (await (await page.request.get(`${app.url}/api/settings`)).json()).settings).toMatchObject({
      lists_become_projects: false,
      inbox_list: 'todo-default',
    });
    await page.reload();
    expect(await page.getByTestId('sync-settings').getByLabel(/Lists made in To Do become projects/).isChecked()).toBe(false);
    expect(await page.getByTestId('sync-settings').getByLabel(/To Do’s own “Tasks” list/).isChecked()).toBe(true);
    await saveScreenshot(page, 'task-details-settings-lists-desktop');
    await settings.getByLabel(/Lists made in To Do become projects/).check({ timeout: 60_000 });
    await poll(() => settings.getByRole('status').innerText()).toBe('Saved');
  });

  it('steps: add, check, rename, reorder and delete, each kept', async () => {
    await page.goto(`${app.url}/inbox`);
    const input = page.getByLabel(/Add a task to/);
    await input.fill('Paint the door');
    await input.press('Enter');
    await poll(() => row(page, 'Paint the door').count()).toBe(1);
    await row(page, 'Paint the door').locator('.task-title').click();
    const editor = page.locator('.task-editor');
    for (const step of ['Buy paint', 'Sand', 'Paint']) {
      await editor.getByPlaceholder('Add a step').fill(step);
      await editor.getByPlaceholder('Add a step').press('Enter');
      await poll(() => editor.locator('.step').count()).toBe(['Buy paint', 'Sand', 'Paint'].indexOf(step) + 1);
    }
    await editor.getByLabel('Step “Buy paint” done').check();
    await poll(() => editor.getByText('1 of 3 done').count()).toBe(1);
    await editor.getByLabel('Step 2').fill('Sand twice');
    await editor.getByLabel('Step 2').press('Enter');
    await editor.getByLabel('Move step “Paint” up').click();
    await poll(async () => (await apiTask(page, 'Paint the door'))[0]?.steps).toMatchObject([
      { title: 'Buy paint', checked: true },
      { title: 'Paint', checked: false },
      { title: 'Sand twice', checked: false },
    ]);
    await editor.getByLabel('Delete step “Paint”').click();
    await poll(async () => ((await apiTask(page, 'Paint the door'))[0]?.steps as unknown[]).length).toBe(2);
    expect(await shots(page, 'steps')).toBeLessThanOrEqual(0);
  });

  it('status, start date, tags and a reminder in the user’s zone', async () => {
    const editor = page.locator('.task-editor');
    await editor.getByLabel('Status').selectOption('inProgress');
    await editor.getByLabel('Start date').fill('02/03/2026');
    await editor.getByLabel('Start date').press('Enter');
    const tags = editor.getByLabel('Tags');
    await tags.fill('Home, Weekend');
    await tags.press('Enter');
    // 29 March 2026 is the night Berlin's clocks go forward: 08:30 there is 06:30 UTC.
    await editor.getByLabel(/Reminder/).fill('2026-03-29T08:30');
    await poll(async () => (await apiTask(page, 'Paint the door'))[0]).toMatchObject({
      status: 'inProgress',
      start_date: '2026-03-02',
      categories: ['Home', 'Weekend'],
      reminder_at: '2026-03-29T06:30:00.000Z',
      reminder_local: '2026-03-29T08:30',
    });
    expect(await editor.getByText('(Europe/Berlin)').count()).toBe(1);
    await editor.getByLabel('Remove tag Weekend').click();
    await poll(async () => (await apiTask(page, 'Paint the door'))[0]?.categories).toEqual(['Home']);
    await editor.getByRole('button', { name: 'Done' }).click();
    const meta = row(page, 'Paint the door').locator('.task-meta');
    await poll(() => meta.innerText()).toContain('In progress');
    // The reminder reads in Berlin time, as it was typed.
    expect(await meta.innerText()).toContain('29/03/2026, 08:30');
    expect(await meta.innerText()).toContain('Home');
    expect(await meta.innerText()).toContain('1/2');
    expect(await shots(page, 'meta')).toBeLessThanOrEqual(0);
    // The list narrows by tag.
    const input = page.getByLabel(/Add a task to/);
    await input.fill('Call the plumber');
    await input.press('Enter');
    await poll(() => row(page, 'Call the plumber').count()).toBe(1);
    await page.getByRole('group', { name: 'By tag' }).getByRole('button', { name: 'Home' }).click();
    await poll(() => row(page, 'Call the plumber').count()).toBe(0);
    expect(await row(page, 'Paint the door').count()).toBe(1);
    await shots(page, 'filtered');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await poll(() => row(page, 'Call the plumber').count()).toBe(1);
  });

  it('a repeat reads in plain language, and completing it rolls the task on with a completed copy', async () => {
    await row(page, 'Paint the door').locator('.task-title').click();
    const editor = page.locator('.task-editor');
    await editor.getByLabel('Due date').fill('12/03/2026');
    await editor.getByLabel('Due date').press('Enter');
    await poll(async () => (await apiTask(page, 'Paint the door'))[0]?.due_date).toBe('2026-03-12');
    await editor.getByRole('combobox', { name: 'Repeat' }).selectOption('weekly');
    await poll(() => editor.getByTestId('repeat-summary').innerText()).toContain('Every week on Thu');
    await editor.getByRole('button', { name: 'Mon' }).click();
    await poll(() => editor.getByTestId('repeat-summary').innerText()).toContain('Every week on Mon, Thu');
    await editor.getByLabel('Repeat every').fill('2');
    await editor.getByLabel('Repeat every').blur();
    await poll(() => editor.getByTestId('repeat-summary').innerText()).toContain('Every 2 weeks on Mon, Thu');
    expect(await shots(page, 'repeat')).toBeLessThanOrEqual(0);
    await editor.getByRole('button', { name: 'Done' }).click();
    await page.getByLabel('Complete “Paint the door”').click();
    await poll(async () => (await apiTask(page, 'Paint the door')).map((t) => [t.completed, t.due_date]).sort()).toEqual([
      [false, '2026-03-23'],
      [true, '2026-03-12'],
    ]);
  });
});
