/**
 * The Planner in headless Chromium against the built app (NEXT_DIST_DIR, default
 * .next-planner; built on first run): sign up, projects and tasks, edit,
 * complete, move, reorder, delete + undo, close + reopen, sign out and in.
 * Screenshots of each main screen go to test-results/screenshots/planner-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { startAppServer, type AppServer } from '../helpers/app-server';
import { launchBrowser, saveScreenshot, type TestBrowser } from '../helpers/browser';

const DIST_DIR = process.env.NEXT_DIST_DIR ?? '.next';
const EMAIL = `ada-${Date.now()}@example.com`;
const PASSWORD = 'correct horse battery';

let app: AppServer;
let browser: TestBrowser;
let page: Page;

/** expect.poll with a timeout long enough for a server round trip. */
function poll<T>(read: () => Promise<T> | T) {
  return expect.poll(read, { timeout: 10_000, interval: 100 });
}

function rows(p: Page = page): Locator {
  return p.locator('.task-list .task-row:not([data-task-id^="temp-"]) .task-title-text');
}

async function titles(): Promise<string[]> {
  return rows().allInnerTexts();
}

async function expectTitles(expected: string[]) {
  await poll(titles).toEqual(expected);
}

async function addTasks(...names: string[]) {
  const input = page.getByLabel(/Add a task to/);
  for (const name of names) {
    await input.fill(name);
    await input.press('Enter');
    await poll(async () => (await titles()).includes(name)).toBe(true);
  }
}

/** A marker that survives client-side updates but not a full page load. */
async function markPage() {
  await page.evaluate(() => ((window as unknown as { plannerMarker: number }).plannerMarker = 42));
}
async function pageWasNotReloaded(): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { plannerMarker?: number }).plannerMarker === 42);
}

function row(title: string): Locator {
  return page.locator('.task-row', { has: page.locator('.task-title-text', { hasText: title }) });
}

describe('Planner in the browser', () => {
  beforeAll(async () => {
    app = await startAppServer({ distDir: DIST_DIR, build: true, appRoot: process.env.PLANNER_APP_ROOT });
    browser = await launchBrowser();
    page = browser.page;
    page.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('signs up from the landing page into an empty Inbox', async () => {
    await page.goto(app.url);
    await poll(() => page.getByRole('heading', { level: 1 }).innerText()).toContain('Plan projects here');
    await saveScreenshot(page, 'planner-landing');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.waitForURL('**/sign-up');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await poll(() => page.locator('#auth-name-error').innerText()).toBe('Tell us your name');
    await page.getByLabel('Name').fill('Ada Lovelace');
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByRole('button', { name: 'Create account' }).click();
    await poll(() => page.locator('#auth-password-error').innerText()).toBe('Use at least 8 characters');
    expect(await page.getByTestId('password-rule').innerText()).toContain('not a common password');
    await page.getByLabel('Password').fill('password1');
    await page.getByRole('button', { name: 'Create account' }).click();
    await poll(() => page.locator('#auth-error').innerText()).toContain('one of the most common');
    await page.getByLabel('Password').fill(PASSWORD);
    await saveScreenshot(page, 'planner-sign-up');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/inbox');
    await poll(() => page.locator('.empty').innerText()).toContain('All clear');
    await saveScreenshot(page, 'planner-inbox-empty');
  });

  it('adds Inbox tasks with Enter, one after another, and explains bad titles', async () => {
    await markPage();
    await addTasks('Buy milk', 'Call the bank', 'Book the dentist');
    await expectTitles(['Buy milk', 'Call the bank', 'Book the dentist']);
    const input = page.getByLabel(/Add a task to/);
    expect(await input.evaluate((el) => el === document.activeElement)).toBe(true);
    await input.fill('   ');
    await input.press('Enter');
    await poll(() => page.locator('#quick-add-error').innerText()).toBe('Title can’t be empty');
    await input.fill('x'.repeat(420));
    expect((await input.inputValue()).length).toBe(400); // the box stops at the server's limit (tests/e2e/first-use.test.ts)
    await input.fill('');
    await expectTitles(['Buy milk', 'Call the bank', 'Book the dentist']);
    expect(await pageWasNotReloaded()).toBe(true);
    await poll(() => page.locator('.nav-link', { hasText: 'Inbox' }).locator('.nav-count').innerText()).toBe('3');
  });

  it('creates a project from the sidebar and fills it', async () => {
    await page.getByRole('button', { name: 'New project' }).click();
    await page.getByLabel('New project name').fill('Home renovation');
    await page.getByLabel('New project name').press('Enter');
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    await poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Home renovation');
    await markPage();
    await addTasks('Paint the hallway', 'Order tiles', 'Fix the tap', 'Sand the floor');
    await poll(() => page.locator('.nav-link', { hasText: 'Home renovation' }).locator('.nav-count').innerText()).toBe('4');
  });

  it('edits title, notes, due date and priority inline', async () => {
    await row('Order tiles').locator('.task-title').click();
    const editor = page.locator('.task-editor');
    await editor.getByLabel('Title').fill('Order bathroom tiles');
    await editor.getByLabel('Notes').click();
    await expectTitles(['Paint the hallway', 'Order bathroom tiles', 'Fix the tap', 'Sand the floor']);
    await editor.getByLabel('Notes').fill('White, 20×20, matt');
    await editor.getByLabel('Due date').fill('2031-05-14');
    await editor.getByText('High', { exact: true }).click();
    await poll(() => row('Order bathroom tiles').locator('.chip.priority').innerText()).toContain('High');
    await poll(() => row('Order bathroom tiles').locator('.chip.due').innerText()).toContain('14/05/2031');
    await saveScreenshot(page, 'planner-task-editor');
    await editor.getByLabel('Title').fill('');
    await editor.getByLabel('Title').press('Enter');
    await poll(() => editor.locator('.field-error').first().innerText()).toBe('Title can’t be empty');
    await editor.getByLabel('Title').fill('Order bathroom tiles');
    await editor.getByRole('button', { name: 'Done' }).click();
    await poll(() => page.locator('.task-editor').count()).toBe(0);
    expect(await pageWasNotReloaded()).toBe(true);
  });

  it('completes a task and filters open / completed', async () => {
    await page.getByLabel('Complete “Paint the hallway”').click();
    await expectTitles(['Order bathroom tiles', 'Fix the tap', 'Sand the floor']);
    await page.getByRole('button', { name: /^Completed/ }).click();
    await expectTitles(['Paint the hallway']);
    await page.getByRole('button', { name: /^All/ }).click();
    await expectTitles(['Order bathroom tiles', 'Fix the tap', 'Sand the floor', 'Paint the hallway']);
    await page.getByRole('button', { name: /^Open/ }).click();
    await poll(() => page.locator('.nav-link', { hasText: 'Home renovation' }).locator('.nav-count').innerText()).toBe('3');
  });

  it('reorders with Alt+↑ and the Move down button, and the order survives a reload', async () => {
    await row('Sand the floor').locator('.task-title').focus();
    await page.keyboard.press('Alt+ArrowUp');
    await expectTitles(['Order bathroom tiles', 'Sand the floor', 'Fix the tap']);
    await page.keyboard.press('Alt+ArrowUp');
    await expectTitles(['Sand the floor', 'Order bathroom tiles', 'Fix the tap']);
    await row('Order bathroom tiles').locator('.task-title').click();
    await page.locator('.task-editor').getByRole('button', { name: 'Move down' }).click();
    await expectTitles(['Sand the floor', 'Fix the tap', 'Order bathroom tiles']);
    expect(await pageWasNotReloaded()).toBe(true);
    await page.reload();
    await expectTitles(['Sand the floor', 'Fix the tap', 'Order bathroom tiles']);
    await saveScreenshot(page, 'planner-project');
  });

  it('moves a task to the Inbox', async () => {
    await markPage();
    await row('Fix the tap').locator('.task-title').click();
    await page.locator('.task-editor').getByLabel('List').selectOption({ label: 'Inbox' });
    await expectTitles(['Sand the floor', 'Order bathroom tiles']);
    await poll(() => page.locator('.toast').innerText()).toContain('Moved to Inbox');
    await page.getByRole('link', { name: /^Inbox/ }).click();
    await page.waitForURL('**/inbox');
    await expectTitles(['Buy milk', 'Call the bank', 'Book the dentist', 'Fix the tap']);
    expect(await pageWasNotReloaded()).toBe(true);
  });

  it('deletes with the keyboard and undoes it, back in the same place', async () => {
    await row('Call the bank').locator('.task-title').focus();
    await page.keyboard.press('Delete');
    await expectTitles(['Buy milk', 'Book the dentist', 'Fix the tap']);
    await poll(() => page.locator('.toast').innerText()).toContain('Deleted “Call the bank”');
    await saveScreenshot(page, 'planner-inbox-undo');
    await page.locator('.toast').getByRole('button', { name: 'Undo' }).click();
    await expectTitles(['Buy milk', 'Call the bank', 'Book the dentist', 'Fix the tap']);
    await row('Book the dentist').locator('.task-title').click();
    await page.locator('.task-editor').getByRole('button', { name: 'Delete' }).click();
    await expectTitles(['Buy milk', 'Call the bank', 'Fix the tap']);
    await page.reload();
    await expectTitles(['Buy milk', 'Call the bank', 'Fix the tap']);
    await saveScreenshot(page, 'planner-inbox');
  });

  it('closes a project (set apart in the sidebar and overview) and reopens it', async () => {
    await page.getByRole('link', { name: /Home renovation/ }).click();
    await page.waitForURL(/\/projects\//);
    await page.getByRole('button', { name: 'Mark completed' }).click();
    await poll(() => page.locator('.closed-banner').innerText()).toContain('This project is completed');
    await poll(() => page.locator('.nav-closed summary').textContent()).toContain('Closed');
    await saveScreenshot(page, 'planner-project-closed');
    await page.getByRole('link', { name: 'All projects' }).click();
    await page.waitForURL('**/projects');
    await poll(() => page.getByRole('list', { name: 'Closed projects' }).innerText()).toContain('Home renovation');
    await saveScreenshot(page, 'planner-projects-overview');
    await page.getByRole('list', { name: 'Closed projects' }).getByRole('link').click();
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    await page.getByRole('button', { name: 'Reopen project' }).click();
    await poll(() => page.locator('.closed-banner').count()).toBe(0);
    await poll(() => page.locator('.nav-closed').count()).toBe(0);
    await poll(() => page.locator('.nav-link', { hasText: 'Home renovation' }).locator('.nav-count').innerText()).toBe('2');
  });

  it('renames and deletes a project', async () => {
    await page.getByRole('button', { name: 'New project' }).click();
    await page.getByLabel('New project name').fill('Scratch');
    await page.getByLabel('New project name').press('Enter');
    await poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Scratch');
    await page.getByRole('button', { name: 'Rename' }).click();
    await page.getByLabel('Project name').fill('Scratch pad');
    await page.getByLabel('Project name').press('Enter');
    await poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Scratch pad');
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Delete project' }).click();
    await page.waitForURL('**/projects');
    await poll(() => page.locator('.nav-link', { hasText: 'Scratch pad' }).count()).toBe(0);
  });

  it('signs out, refuses a wrong password, and signs back in to the same data', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    await page.goto(`${app.url}/inbox`);
    await page.waitForURL('**/sign-in');
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await poll(() => page.locator('#auth-error').innerText()).toBe('That email and password don’t match.');
    await saveScreenshot(page, 'planner-sign-in');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/inbox');
    await expectTitles(['Buy milk', 'Call the bank', 'Fix the tap']);
  });

  it('works on a phone-sized screen', async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    await page.reload();
    await expectTitles(['Buy milk', 'Call the bank', 'Fix the tap']);
    await saveScreenshot(page, 'planner-mobile-inbox');
    await page.getByRole('button', { name: 'Menu' }).click();
    await poll(() => page.getByRole('link', { name: 'Integrations' }).isVisible()).toBe(true);
    await saveScreenshot(page, 'planner-mobile-menu');
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
