/**
 * The Outlook side as a new user meets it (issue 13 §1 and §3): it says that changes reach
 * Planner within seconds (not "after the next sync"), it fits a 390 px wide phone without
 * sideways scrolling, and due dates read in the browser's locale (en-GB here), the same
 * numeric format Planner and the date inputs use. Screenshots: test-results/screenshots/outlook-side-*.png.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../index';
import { start } from './helpers';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.resolve(import.meta.dirname, '../../test-results/screenshots');
let emu: Emulator;
let browser: Browser;
let userId: string;
let listId: string;
let emptyListId: string;

async function open(width: number, list: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 760 }, locale: 'en-GB' });
  await page.goto(`${emu.outlookUrl}?list=${encodeURIComponent(list)}`);
  return page;
}

async function shot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

const overflowX = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

beforeAll(async () => {
  emu = await start();
  userId = emu.sandboxUser!.id;
  listId = (await emu.control.createList(userId, 'Garden project with a rather long list name')).id;
  emptyListId = (await emu.control.createList(userId, 'Empty list')).id;
  await emu.control.createTask(userId, listId, { title: 'Plant the tulip bulbs before the first frost arrives', dueDateTime: { dateTime: '2026-12-15T00:00:00', timeZone: 'UTC' } });
  await emu.control.createTask(userId, listId, { title: 'Order compost' });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await emu?.close();
});

describe('the Outlook side for a new user', () => {
  it('says changes reach Planner within seconds, never "after the next sync"', async () => {
    const page = await open(1200, emptyListId);
    const text = await page.locator('main').innerText();
    expect(text).toContain('Changes you make here reach Planner within seconds');
    expect(text).not.toMatch(/next sync/i);
    await shot(page, 'outlook-side-empty-desktop');
    await page.close();
  });

  it('shows due dates in the browser locale', async () => {
    const page = await open(1200, listId);
    await expect.poll(() => page.locator('.task', { hasText: 'tulip' }).locator('.meta').innerText()).toBe('Due 15/12/2026');
    await shot(page, 'outlook-side-desktop');
    await page.close();
  });

  it('fits a 390 px wide phone: no sideways scrolling, lists and the add box within the screen', async () => {
    const page = await open(390, listId);
    expect(await overflowX(page)).toBe(0);
    for (const selector of ['.top', '.side', 'form.add', '.task']) {
      const box = (await page.locator(selector).first().boundingBox())!;
      expect(box.x, selector).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, selector).toBeLessThanOrEqual(390);
    }
    const add = (await page.locator('form.add button[type=submit]').boundingBox())!;
    expect(add.x + add.width).toBeLessThanOrEqual(390);
    await shot(page, 'outlook-side-phone');
    await page.locator('.task', { hasText: 'tulip' }).locator('summary').click();
    expect(await overflowX(page)).toBe(0);
    await shot(page, 'outlook-side-phone-edit');
    await page.close();
  });
});
