/** The Outlook page in a real browser (issue point 8): a person completes, adds and renames, the mailbox follows. */
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../index';
import { start } from './helpers';

const CHROMIUM = '/usr/bin/chromium'; // .ci/run installs it
let emu: Emulator;
let browser: Browser;
let page: Page;
let userId: string;
let listId: string;

beforeAll(async () => {
  emu = await start();
  userId = emu.sandboxUser!.id;
  listId = (await emu.control.createList(userId, 'Launch')).id;
  await emu.control.createTask(userId, listId, { title: 'Order banners' });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
  await page.goto(`${emu.outlookUrl}?list=${encodeURIComponent(listId)}`);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await emu?.close();
});

const tasks = async () => (await emu.control.mailbox(userId)).lists.find((l) => l.id === listId)!.tasks;

describe('Outlook page in Chromium', () => {
  it('completing a task with its circle marks it completed and strikes it through', async () => {
    await page.locator('.task', { hasText: 'Order banners' }).locator('button.check').click();
    await page.waitForSelector('.task.completed');
    expect((await tasks())[0].status).toBe('completed');
    const decoration = await page.locator('.task.completed .title > span').evaluate((el) => getComputedStyle(el).textDecorationLine);
    expect(decoration).toBe('line-through');
  });

  it('adding a task from the input creates it in the mailbox', async () => {
    await page.fill('form.add input[name=title]', 'Print flyers');
    await page.click('form.add button[type=submit]');
    await page.waitForSelector('text=Print flyers');
    expect((await tasks()).map((t) => t.title)).toContain('Print flyers');
  });

  it('renaming the list from its options menu renames it', async () => {
    await page.click('text=List options');
    await page.fill('.list-head input[name=displayName]', 'Launch day');
    await page.click('.list-head button:has-text("Rename")');
    await page.waitForSelector('h1:has-text("Launch day")');
    expect((await emu.control.mailbox(userId)).lists.find((l) => l.id === listId)!.displayName).toBe('Launch day');
  });
});
