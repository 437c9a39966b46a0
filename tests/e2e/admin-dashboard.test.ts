/**
 * /admin in headless Chromium against the built app: an operator sees the
 * health report as cards and charts drawn from seeded rows, filters failed jobs,
 * and "Retry all" moves every failed job back to pending. The operator is an account
 * granted with `planner admin grant` (decision 0039); others, even with an address
 * listed in the old ADMIN_EMAILS, get a 404 that says how the role is granted.
 * Screenshots: test-results/screenshots/admin-*.png.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program';
import { openDatabase, type Database, type Engine } from '../../src/db/client';
import type { Db } from '../../src/db/client';
import { migrate } from '../../src/db/migrate';
import { authFor } from '../../src/server/auth/auth';
import { healthReportSchema } from '../../src/server/health/health-schema';
import { useAppTestEnv } from '../app/harness';
import { startAppServer, type AppServer } from '../helpers/app-server';
import { launchBrowser, saveScreenshot, type TestBrowser } from '../helpers/browser';
import { createFreshDatabase, testEngines, type FreshDatabase } from '../helpers/db';

useAppTestEnv();

const DIST_DIR = process.env.NEXT_DIST_DIR ?? '.next';
const ADMIN = { email: 'ops@example.test', password: 'operator-pass-123', name: 'Olive Ops' };
const SECRET = 'admin-e2e-sync-secret-0123456789';
const FAILED_JOBS = 6;
const PENDING_JOBS = 5;

async function seed(db: Db, now = Date.now()) {
  const ago = (min: number) => new Date(now - min * 60_000);
  await db
    .insertInto('outlook_connections')
    .values([
      { user_id: 'alice', microsoft_account_id: 'ms-a', email: 'alice@example.test', display_name: 'Alice Archer', last_sync_at: ago(3), access_token_expires_at: ago(-50) },
      { user_id: 'bob', microsoft_account_id: 'ms-b', email: 'bob@example.test', display_name: 'Bob Baker', needs_reconnect: true, needs_reconnect_reason: 'invalid_grant', last_sync_at: ago(600) },
      { user_id: 'carol', microsoft_account_id: 'ms-c', email: 'carol@example.test', display_name: 'Carol Cole', last_sync_at: ago(12) },
    ])
    .execute();
  await db
    .insertInto('project_outlook_lists')
    .values([
      { user_id: 'alice', graph_list_id: 'a1', graph_list_name: 'Work', subscription_id: 'sa1', subscription_expires_at: ago(-1200) },
      { user_id: 'alice', graph_list_id: 'a2', graph_list_name: 'Home', subscription_id: 'sa2', subscription_expires_at: ago(-2400) },
      { user_id: 'carol', graph_list_id: 'c1', graph_list_name: 'Garden', subscription_id: 'sc1', subscription_expires_at: ago(-90), sync_paused_at: ago(30), sync_paused_reason: 'remote list came back empty' },
    ])
    .execute();
  const completed = Array.from({ length: 240 }, (_, i) => {
    const doneMin = 5 + i * 6 + (i % 3);
    const waitSec = 2 + ((i * 7) % 40) + (i % 40 === 0 ? 240 : 0);
    return {
      user_id: ['alice', 'carol'][i % 2],
      action: (['create', 'update', 'delete', 'full_sync'] as const)[i % 4],
      status: 'completed' as const,
      created_at: new Date(ago(doneMin).getTime() - waitSec * 1000),
      completed_at: ago(doneMin),
      updated_at: ago(doneMin),
    };
  });
  await db.insertInto('task_sync_jobs').values(completed).execute();
  const failures = [
    ['ErrorItemNotFound', 'Item not found: the list was deleted in Outlook'],
    ['ErrorItemNotFound', 'Item not found: task 4f2a… no longer exists'],
    ['ErrorItemNotFound', 'Item not found: the list was deleted in Outlook'],
    ['InvalidAuthenticationToken', 'Unauthorized: refresh token was revoked'],
    ['InvalidAuthenticationToken', 'Unauthorized: refresh token was revoked'],
    ['TooManyRequests', 'Throttled 8 times; gave up after max attempts'],
  ];
  await db
    .insertInto('task_sync_jobs')
    .values(
      failures.map(([code, error], i) => ({
        user_id: i < 3 ? 'alice' : 'bob',
        action: (['update', 'create', 'delete'] as const)[i % 3],
        task_id: crypto.randomUUID(),
        status: 'failed' as const,
        attempts: 8,
        last_error: error,
        last_error_code: code,
        updated_at: ago(20 + i * 35),
      })),
    )
    .execute();
  await db
    .insertInto('task_sync_jobs')
    .values(Array.from({ length: PENDING_JOBS }, (_, i) => ({ user_id: 'carol', action: 'create' as const, task_id: crypto.randomUUID(), created_at: ago(4 + i), scheduled_at: ago(-60) })))
    .execute();
  const minute = (min: number) => new Date(Math.floor((now - min * 60_000) / 60_000) * 60_000);
  const samples = [];
  for (let m = 0; m <= 24 * 60; m += 30) {
    const wave = Math.round(12 + 10 * Math.sin(m / 140));
    samples.push({ metric: 'queue_depth', label: 'pending', bucket_start: minute(m), value: wave });
    samples.push({ metric: 'queue_depth', label: 'processing', bucket_start: minute(m), value: m % 90 === 0 ? 3 : 1 });
    samples.push({ metric: 'queue_depth', label: 'failed', bucket_start: minute(m), value: m < 300 ? FAILED_JOBS : 2 });
    if (m % 150 === 0) samples.push({ metric: 'graph_throttled', label: '', bucket_start: minute(m + 1), value: 1 + (m % 7) });
  }
  await db.insertInto('ops_metric_samples').values(samples).execute();
}

/** The operator's account, made an operator the documented way: `planner admin grant <email>`. */
async function seedOperator(database: Database) {
  await authFor(database.db).api.signUpEmail({ body: ADMIN });
  const out = new PassThrough();
  const code = await runCli(['admin', 'grant', ADMIN.email], { io: { stdout: out, stderr: out }, database });
  expect(code).toBe(0);
}

/** A seeded database the app will open: a PGlite data dir, or a fresh Postgres database. */
async function prepareDatabase(engine: Engine): Promise<{ dataDir?: string; fresh?: FreshDatabase }> {
  if (engine === 'postgres') {
    const fresh = await createFreshDatabase('postgres');
    await seed(fresh.database.db);
    await seedOperator(fresh.database);
    return { fresh };
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'planner-admin-e2e-'));
  const database: Database = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
  await migrate(database);
  await seed(database.db);
  await seedOperator(database);
  await database.close();
  return { dataDir };
}

async function signUp(browser: TestBrowser, url: string, user: { email: string; password: string; name: string }) {
  const res = await browser.context.request.post(`${url}/api/auth/sign-up/email`, { data: user, headers: { origin: url } });
  expect(res.status(), await res.text()).toBe(200);
}

async function signIn(browser: TestBrowser, url: string, user: { email: string; password: string }) {
  const res = await browser.context.request.post(`${url}/api/auth/sign-in/email`, { data: { email: user.email, password: user.password }, headers: { origin: url } });
  expect(res.status(), await res.text()).toBe(200);
}

describe.each(testEngines())('/admin dashboard on %s', (engine) => {
  let app: AppServer;
  let prepared: { dataDir?: string; fresh?: FreshDatabase };
  let browser: TestBrowser;

  beforeAll(async () => {
    prepared = await prepareDatabase(engine);
    app = await startAppServer({
      distDir: DIST_DIR,
      build: true,
      dataDir: prepared.dataDir,
      databaseUrl: prepared.fresh?.url,
      // Ignored now: a listed address that merely signs up must not get /admin.
      env: { ADMIN_EMAILS: `member@example.test, ${ADMIN.email}`, PLANNER_RUNNER: '0', OUTLOOK_SYNC_JOB_SECRET: SECRET },
    });
    browser = await launchBrowser({ viewport: { width: 1360, height: 900 } });
    await signIn(browser, app.url, ADMIN);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await prepared?.fresh?.drop();
    if (prepared?.dataDir) rmSync(prepared.dataDir, { recursive: true, force: true });
  });

  async function health() {
    const res = await fetch(`${app.url}/api/integrations/outlook/health`, { headers: { authorization: `Bearer ${SECRET}` } });
    return healthReportSchema.parse(await res.json());
  }

  it('shows the health report as cards, warnings and charts with data', async () => {
    const page = browser.page;
    await page.goto(`${app.url}/admin`);
    await page.getByTestId('admin-dashboard').waitFor();
    await expect.poll(() => page.getByTestId('card-failed').innerText()).toContain(String(FAILED_JOBS));
    expect(await page.getByTestId('card-pending').innerText()).toContain(String(PENDING_JOBS));
    expect(await page.getByTestId('card-connections').innerText()).toContain('1 need reconnect');
    const warnings = await page.locator('[data-testid=warnings] li').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    expect(warnings).toEqual(expect.arrayContaining(['failed_jobs', 'needs_reconnect', 'lists_paused', 'subscriptions_expiring']));

    const marks = (chart: string, selector: string) => page.locator(`[data-testid=${chart}] ${selector}`).count();
    await page.locator('[data-testid=chart-throughput] .recharts-bar-rectangle').first().waitFor();
    expect(await marks('chart-throughput', '.recharts-bar-rectangle')).toBeGreaterThan(20);
    expect(await marks('chart-failures', '.recharts-bar-rectangle')).toBe(3);
    expect(await page.locator('[data-testid=chart-failures] .recharts-cartesian-axis-tick-value').allTextContents()).toEqual(
      expect.arrayContaining(['ErrorItemNotFound', 'InvalidAuthenticationToken', 'TooManyRequests']),
    );
    expect(await marks('chart-queue-depth', '.recharts-area-area')).toBe(3);
    expect(await marks('chart-latency', '.recharts-line-curve')).toBe(2);
    expect(await marks('chart-throttles', '.recharts-bar-rectangle')).toBeGreaterThan(3);
    for (const chart of ['chart-queue-depth', 'chart-throughput', 'chart-failures', 'chart-latency', 'chart-throttles']) {
      expect(await page.getByTestId(chart).getAttribute('data-empty')).toBe('false');
    }
    const bob = page.locator('[data-testid=connections] tr[data-user-id=bob]');
    expect(await bob.innerText()).toContain('Reconnect needed');
    expect(await page.locator('[data-testid=connections] tr[data-user-id=carol]').innerText()).toContain('1 list paused');
    await saveScreenshot(page, `admin-dashboard-${engine}`);
  });

  it('filters failed jobs by error text', async () => {
    const page = browser.page;
    const rows = page.locator('[data-testid=failed-jobs] tbody tr');
    expect(await rows.count()).toBe(FAILED_JOBS);
    await page.getByLabel('Filter failed jobs').fill('revoked');
    await expect.poll(() => rows.count()).toBe(2);
    await page.getByTestId('failed-jobs').scrollIntoViewIfNeeded();
    await saveScreenshot(page, `admin-failed-filter-${engine}`, { fullPage: false });
    await page.getByLabel('Filter failed jobs').fill('');
    await expect.poll(() => rows.count()).toBe(FAILED_JOBS);
  });

  it('Retry all moves every failed job back to pending', async () => {
    const page = browser.page;
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('retry-all').click();
    await expect.poll(() => page.getByTestId('notice').innerText()).toContain(`${FAILED_JOBS} failed jobs moved back to pending`);
    await expect.poll(() => page.locator('[data-testid=failed-jobs] tbody tr').count()).toBe(0);
    await expect.poll(() => page.getByTestId('card-pending').innerText()).toContain(String(PENDING_JOBS + FAILED_JOBS));
    const report = await health();
    expect(report.queue).toMatchObject({ failed: 0, pending: PENDING_JOBS + FAILED_JOBS });
    expect(report.warnings.map((w) => w.code)).not.toContain('failed_jobs');
    await saveScreenshot(page, `admin-after-retry-all-${engine}`);
  });

  it('Sync now queues a full sync for a connected user', async () => {
    const page = browser.page;
    await page.locator('[data-testid=connections] tr[data-user-id=alice] button').click();
    await expect.poll(() => page.locator('[data-testid=connections] [role=status]').innerText()).toContain('Full sync queued for alice');
    expect(await page.locator('[data-testid=connections] tr[data-user-id=bob] button').isDisabled()).toBe(true);
    expect((await health()).queue.pending).toBe(PENDING_JOBS + FAILED_JOBS + 1);
  });

  it('is a 404 for signed-in users who are not operators (even with a listed address), saying how the role is granted, and asks others to sign in', async () => {
    const other = await launchBrowser();
    try {
      const anonymous = await other.page.goto(`${app.url}/admin`);
      expect(new URL(anonymous!.url()).pathname).toBe('/sign-in');
      await signUp(other, app.url, { email: 'member@example.test', password: 'member-pass-123', name: 'Mem Ber' });
      const res = await other.page.goto(`${app.url}/admin`);
      expect(res!.status()).toBe(404);
      expect(await other.page.locator('[data-testid=admin-dashboard]').count()).toBe(0);
      expect(await other.page.getByTestId('operator-hint').innerText()).toContain('npm run planner -- admin grant member@example.test');
    } finally {
      await other.close();
    }
  });
});
