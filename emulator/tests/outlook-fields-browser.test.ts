/**
 * The Outlook page's task details in Chromium on a 390 px phone (issue 16 §6): a person sets a
 * reminder, a weekly repeat on chosen days, a start date, categories and a status, and edits
 * steps; the mailbox follows and nothing scrolls sideways. Screenshots:
 * test-results/screenshots/outlook-side-details-*.png.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../index';
import { start } from './helpers';

const CHROMIUM = '/usr/bin/chromium'; // .ci/run installs it
const SHOTS = path.resolve(import.meta.dirname, '../../test-results/screenshots');
let emu: Emulator;
let browser: Browser;
let userId: string;
let listId: string;
let taskId: string;

const overflowX = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
const task = async () => (await emu.control.mailbox(userId)).lists.find((l) => l.id === listId)!.tasks.find((t) => t.id === taskId)!;

async function shot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

async function open(width: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 800 }, locale: 'en-GB' });
  await page.goto(`${emu.outlookUrl}?list=${encodeURIComponent(listId)}&tz=Europe%2FLondon`);
  return page;
}

beforeAll(async () => {
  emu = await start();
  userId = emu.sandboxUser!.id;
  listId = (await emu.control.createList(userId, 'Party')).id;
  taskId = (await emu.control.createTask(userId, listId, { title: 'Plan the party', dueDateTime: { dateTime: '2026-03-26T00:00:00', timeZone: 'Europe/London' } })).id;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await emu?.close();
});

describe('task details on the Outlook page, 390 px wide', () => {
  it('sets a reminder, a weekly repeat on Mon and Thu, a start date, categories and a status', async () => {
    const page = await open(390);
    const row = page.locator('.task', { hasText: 'Plan the party' });
    await row.locator('summary').click();
    expect(await overflowX(page)).toBe(0);
    await row.locator('input[name=start]').fill('2026-03-20');
    await row.locator('input[name=reminderDate]').fill('2026-03-25');
    await row.locator('input[name=reminderTime]').fill('18:30');
    await row.locator('select[name=repeat]').selectOption('weekly');
    await row.locator('input[name=repeatEvery]').fill('2');
    await row.locator('input[name=repeatDays][value=monday]').check();
    await row.locator('input[name=repeatDays][value=thursday]').check();
    await row.locator('input[name=repeatUntil]').fill('2026-12-31');
    await row.locator('select[name=status]').selectOption('inProgress');
    await row.locator('input[name=categories]').fill('Party, Yellow category');
    await shot(page, 'outlook-side-details-phone-edit');
    await row.locator('button:has-text("Save")').click();
    await page.waitForSelector('.task .meta:has-text("Every 2 weeks on Mon, Thu")');
    expect(await task()).toMatchObject({
      startDateTime: { dateTime: '2026-03-20T00:00:00.0000000', timeZone: 'UTC' },
      reminderDateTime: { dateTime: '2026-03-25T18:30:00.0000000', timeZone: 'UTC' },
      isReminderOn: true,
      status: 'inProgress',
      categories: ['Party', 'Yellow category'],
      recurrence: {
        pattern: { type: 'weekly', interval: 2, daysOfWeek: ['monday', 'thursday'] },
        range: { type: 'endDate', startDate: '2026-03-26', endDate: '2026-12-31', recurrenceTimeZone: 'Europe/London' },
      },
    });
    const meta = await page.locator('.task', { hasText: 'Plan the party' }).locator('.meta').innerText();
    for (const text of ['Due 26/03/2026', 'Starts 20/03/2026', 'Reminder 25/03/2026 18:30', 'In progress', 'Party, Yellow category']) expect(meta).toContain(text);
    expect(await overflowX(page)).toBe(0);
    await shot(page, 'outlook-side-details-phone');
    await page.close();
  });

  it('adds, renames, checks and deletes steps', async () => {
    const page = await open(390);
    const row = () => page.locator('.task', { hasText: 'Plan the party' });
    await row().locator('summary').click();
    for (const name of ['Invite friends', 'Buy cake']) {
      await row().locator('.steps-editor input[name=displayName][placeholder="Add a step"]').fill(name);
      await row().locator('button:has-text("Add step")').click();
      await page.waitForSelector(`.steps-editor input[value="${name}"]`);
    }
    expect(await overflowX(page)).toBe(0);
    await row().locator('.steps-editor input[aria-label="Step name"]').first().fill('Invite everyone');
    await row().locator('.steps-editor button:has-text("Rename")').first().click();
    await page.waitForSelector('.steps-editor input[value="Invite everyone"]');
    await row().locator('.steps-editor button[aria-label="Check step"]').first().click();
    await page.waitForSelector('.steps li span.done');
    await shot(page, 'outlook-side-details-phone-steps');
    await row().locator('button[aria-label="Delete step Buy cake"]').click();
    await page.waitForSelector('.steps-editor input[value="Buy cake"]', { state: 'detached' });
    const steps = await emu.control.checklistItems(userId, listId, taskId);
    expect(steps.map((s) => [s.displayName, s.isChecked])).toEqual([['Invite everyone', true]]);
    expect(steps[0].checkedDateTime).toEqual(expect.any(String));
    await page.close();
  });

  it('creates a list from the side bar, and looks right on a desktop', async () => {
    const page = await open(1200);
    await page.fill('.side input[name=displayName]', 'Holiday');
    await page.click('.side button:has-text("Add")');
    await page.waitForSelector('h1:has-text("Holiday")');
    expect((await emu.control.mailbox(userId)).lists.map((l) => l.displayName)).toContain('Holiday');
    await page.goto(`${emu.outlookUrl}?list=${encodeURIComponent(listId)}&tz=Europe%2FLondon&open=${encodeURIComponent(taskId)}`);
    await shot(page, 'outlook-side-details-desktop');
    await page.close();
  });
});
