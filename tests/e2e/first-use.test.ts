/**
 * What a new user stumbles on (issue 13 §3), in headless Chromium (locale en-GB) against
 * the built app on real Postgres (so the test can seed an Outlook connection while the app
 * runs; no worker, Microsoft points nowhere):
 *  - sign-up shows every problem at once, beside its field;
 *  - the title box stops at the server's limit and counts as you type;
 *  - counts in the header and sidebar never disagree with the rows, even during quick adds;
 *  - completing has an Undo; the editor says Saved; dates are written one way, the locale's;
 *  - the sync dots have a legend, and "synced … ago" counts uploads.
 * Screenshots at 1280 and 390 px: test-results/screenshots/first-use-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startAppServer, type AppServer } from '../helpers/app-server';
import { launchBrowser, saveScreenshot, type TestBrowser } from '../helpers/browser';
import { createFreshDatabase, POSTGRES_SKIP_REASON, type FreshDatabase } from '../helpers/db';

const DIST_DIR = process.env.NEXT_DIST_DIR ?? '.next';
const LOOPBACK_NOWHERE = 'http://127.0.0.1:9';
const EMAIL = 'katherine@example.com';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

function poll<T>(read: () => Promise<T> | T) {
  return expect.poll(read, { timeout: 10_000, interval: 100 });
}

/** Screenshots of the current screen at desktop and phone width. */
async function shots(page: Page, name: string) {
  await saveScreenshot(page, `first-use-${name}-desktop`);
  await page.setViewportSize(PHONE);
  await saveScreenshot(page, `first-use-${name}-phone`);
  await page.setViewportSize(DESKTOP);
}

const realRows = (page: Page) => page.locator('.task-list .task-row:not([data-task-id^="temp-"])');
const row = (page: Page, title: string) => page.locator('.task-row', { has: page.locator('.task-title-text', { hasText: title }) });

describe.skipIf(POSTGRES_SKIP_REASON)(`a new user's first tasks${POSTGRES_SKIP_REASON ? ` (skipped: ${POSTGRES_SKIP_REASON})` : ''}`, () => {
  let fresh: FreshDatabase;
  let app: AppServer;
  let browser: TestBrowser;
  let page: Page;
  let projectId = '';

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
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await fresh?.drop();
  });

  it('sign-up names every problem at once, each beside its field', async () => {
    await page.goto(`${app.url}/sign-up`);
    await page.getByLabel('Email').fill('not an address');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await poll(() => page.locator('#auth-name-error').innerText()).toBe('Tell us your name');
    expect(await page.locator('#auth-email-error').innerText()).toBe('Enter a valid email address');
    expect(await page.locator('#auth-password-error').innerText()).toBe('Use at least 8 characters');
    expect(await page.getByLabel('Email').getAttribute('aria-describedby')).toBe('auth-email-error');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('auth-name');
    await shots(page, 'sign-up-errors');
    await page.getByLabel('Name').fill('Katherine Johnson');
    expect(await page.locator('#auth-name-error').count()).toBe(0);
    expect(await page.locator('#auth-email-error').count()).toBe(1);
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill('orbital mechanics');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/inbox');
  });

  it('the title box stops at the server’s 400 characters and counts as you type', async () => {
    const input = page.getByLabel(/Add a task to/);
    expect(await input.getAttribute('maxlength')).toBe('400');
    await input.click();
    await page.keyboard.insertText('Call the bank');
    await poll(() => page.locator('#quick-add-count').innerText()).toBe('13/400');
    await input.fill('');
    await page.keyboard.insertText('x'.repeat(450));
    expect((await input.inputValue()).length).toBe(400);
    await poll(() => page.locator('#quick-add-count').innerText()).toBe('400/400');
    await shots(page, 'title-limit');
    await input.press('Enter');
    await poll(() => realRows(page).count()).toBe(1);
    expect(await page.locator('#quick-add-error').count()).toBe(0);
  });

  it('header and sidebar counts match the rows at every frame of three quick adds', async () => {
    await page.getByRole('button', { name: 'New project' }).click();
    await page.getByLabel('New project name').fill('Moon shot');
    await page.getByLabel('New project name').press('Enter');
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    projectId = page.url().split('/').pop()!;
    await poll(() => page.locator('.page-subtitle').innerText()).toBe('0 open · 0 total');
    // Sample every frame: rows shown vs the header's and the sidebar's open counts.
    await page.evaluate((id) => {
      const w = window as unknown as { countSamples: string[]; sampling: boolean };
      w.countSamples = [];
      w.sampling = true;
      const sample = () => {
        const rows = document.querySelectorAll('.task-list .task-row').length;
        const header = document.querySelector('.page-subtitle')?.textContent ?? '';
        const nav = document.querySelector(`a[href="/projects/${id}"] .nav-count`)?.textContent ?? '0';
        const expectedHeader = `${rows} open · ${rows} total`;
        if (header !== expectedHeader || nav !== String(rows)) w.countSamples.push(`${rows} rows | header "${header}" | sidebar ${nav}`);
        if (w.sampling) requestAnimationFrame(sample);
      };
      requestAnimationFrame(sample);
    }, projectId);
    const input = page.getByLabel(/Add a task to/);
    for (const title of ['Compute the trajectory', 'Check the re-entry angle', 'Brief the crew']) {
      await input.fill(title);
      await input.press('Enter');
    }
    await poll(() => realRows(page).count()).toBe(3);
    await page.waitForTimeout(1_500); // let the refreshes after the adds land
    const mismatches = await page.evaluate(() => {
      const w = window as unknown as { countSamples: string[]; sampling: boolean };
      w.sampling = false;
      return w.countSamples;
    });
    expect(mismatches).toEqual([]);
    expect(await page.locator('.page-subtitle').innerText()).toBe('3 open · 3 total');
    expect(await page.locator(`a[href="/projects/${projectId}"] .nav-count`).innerText()).toBe('3');
  });

  it('completing a task can be undone, from the toast', async () => {
    await page.getByLabel('Complete “Check the re-entry angle”').click();
    await poll(() => page.locator('.toast').innerText()).toContain('Completed “Check the re-entry angle”');
    await poll(() => realRows(page).allInnerTexts()).toHaveLength(2);
    expect(await page.locator('.page-subtitle').innerText()).toBe('2 open · 3 total');
    await shots(page, 'complete-undo');
    await page.locator('.toast').getByRole('button', { name: 'Undo' }).click();
    await poll(() => page.locator('.task-list .task-title-text').allInnerTexts()).toEqual(['Compute the trajectory', 'Check the re-entry angle', 'Brief the crew']);
    await page.reload();
    await poll(() => page.locator('.task-list .task-title-text').allInnerTexts()).toEqual(['Compute the trajectory', 'Check the re-entry angle', 'Brief the crew']);
    expect(await page.locator('.page-subtitle').innerText()).toBe('3 open · 3 total');
  });

  it('the editor says Saved, and dates are written one way, the locale’s (en-GB: dd/mm/yyyy)', async () => {
    await row(page, 'Brief the crew').locator('.task-title').click();
    const editor = page.locator('.task-editor');
    expect(await editor.getByTestId('save-state').innerText()).toBe('');
    await editor.getByLabel('Notes').fill('Flight plan, weather');
    await editor.getByLabel('Title').click();
    await poll(() => editor.getByTestId('save-state').innerText()).toContain('Saved');
    const due = editor.getByLabel('Due date');
    expect(await due.getAttribute('placeholder')).toBe('dd/mm/yyyy');
    await due.fill('31/02/2026');
    await due.press('Enter');
    await poll(() => editor.locator('.date-field-error').innerText()).toBe('Write the date as dd/mm/yyyy');
    await due.fill('15/12/2031');
    await due.press('Enter');
    await poll(() => row(page, 'Brief the crew').locator('.chip.due').innerText()).toContain('15/12/2031');
    expect(await due.inputValue()).toBe('15/12/2031');
    await poll(() => editor.getByTestId('save-state').innerText()).toContain('Saved');
    const db = fresh.database.db;
    const saved = await db.selectFrom('tasks').select('due_date').where('title', '=', 'Brief the crew').executeTakeFirstOrThrow();
    expect(saved.due_date).toBe('2031-12-15');
    const shown = await page.locator('main').innerText();
    expect(shown).not.toMatch(/\b2031-12-15\b|\b12\/15\/2031\b|\b15 Dec\b/);
    await shots(page, 'editor-saved');
    await editor.getByRole('button', { name: 'Done' }).click();
  });

  it('once Outlook is connected, a legend says what the sync dots mean, and "synced … ago" counts uploads', async () => {
    const db = fresh.database.db;
    const user = await db.selectFrom('users').select('id').where('email', '=', EMAIL).executeTakeFirstOrThrow();
    await db.insertInto('outlook_connections').values({ user_id: user.id, microsoft_account_id: 'kj-ms', email: 'kj@contoso.com' }).execute();
    await db
      .insertInto('project_outlook_lists')
      .values({ user_id: user.id, project_id: projectId, graph_list_id: 'list-moon', graph_list_name: 'Moon shot', last_synced_at: new Date(Date.now() - 3 * 60 * 60_000) })
      .execute();
    const tasks = await db.selectFrom('tasks').selectAll().where('project_id', '=', projectId).execute();
    for (const task of tasks) {
      await db
        .insertInto('task_sync_state')
        .values({ user_id: user.id, task_id: task.id, graph_task_id: `g-${task.id}`, graph_list_id: 'list-moon', synced_version: task.version })
        .execute();
    }
    await db
      .insertInto('task_sync_jobs')
      .values({ user_id: user.id, action: 'update', task_id: tasks[0].id, project_id: projectId, status: 'completed', completed_at: new Date(Date.now() - 2 * 60_000) })
      .execute();
    await page.reload();
    await poll(() => page.locator('.sync-line').innerText()).toContain('synced 2 min ago');
    const legend = page.getByRole('note', { name: 'What the sync dots mean' });
    await poll(() => legend.innerText()).toContain('in Outlook');
    expect(await legend.innerText()).toMatch(/on its way[\s\S]*failed[\s\S]*not synced/);
    expect(await legend.locator('.sync-dot.synced').isVisible()).toBe(true);
    await shots(page, 'sync-legend');
  });
});
