/**
 * Issue 13 §2 against the built app (`next start`): security headers on pages and
 * API answers, a CSP nonce Next puts on its scripts (the pages still work in
 * Chromium with no CSP violation), HSTS only for an https app URL, a forged
 * server action answered 403 (Next alone answers 500), and sign-in throttling
 * that rotating X-Forwarded-For cannot escape and that does not lock out others.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from '../helpers/app-server';
import { launchBrowser, type TestBrowser } from '../helpers/browser';

const DIST_DIR = process.env.NEXT_DIST_DIR ?? '.next';
const PASSWORD = 'lantern orbit 42 mossy';

/** The id Next gave a server action in this build (what a forged request would send). */
function actionId(exportedName: string, file: string): string {
  const manifest = JSON.parse(readFileSync(path.join(DIST_DIR, 'server', 'server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { exportedName?: string; filename?: string }>;
  };
  const entry = Object.entries(manifest.node).find(([, v]) => v.exportedName === exportedName && v.filename === file);
  if (!entry) throw new Error(`no server action ${exportedName} in ${file}`);
  return entry[0];
}

describe('security on the built app', () => {
  let app: AppServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    app = await startAppServer({ distDir: DIST_DIR, build: true, env: { AUTH_RATE_LIMIT: '1', PLANNER_RUNNER: '0' } });
    browser = await launchBrowser();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const signIn = (email: string, password: string, headers: Record<string, string> = {}) =>
    fetch(`${app.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { origin: app.url, 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ email, password }),
    });

  it('pages carry a nonce CSP, no framing, nosniff and a referrer policy; Next nonces its scripts; no HSTS over http', async () => {
    const res = await fetch(`${app.url}/sign-in`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('strict-transport-security')).toBeNull();
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    const second = await fetch(`${app.url}/sign-in`);
    expect(second.headers.get('content-security-policy')).not.toBe(csp); // a fresh nonce per request
  });

  it('API answers get nosniff, DENY and the referrer policy too', async () => {
    const res = await fetch(`${app.url}/api/tasks`);
    expect(res.status).toBe(401);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });

  it('the app works under the CSP in Chromium: sign up through the form, reach the Inbox, no violation', async () => {
    const page = browser.page;
    await page.addInitScript(() => {
      (window as unknown as { cspViolations: string[] }).cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { cspViolations: string[] }).cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) consoleErrors.push(m.text());
    });
    await page.goto(`${app.url}/sign-up`);
    await page.getByLabel('Name').fill('Cora Csp');
    await page.getByLabel('Email').fill('cora@example.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/inbox');
    await page.getByLabel(/Add a task to/).fill('Under a strict CSP');
    await page.getByLabel(/Add a task to/).press('Enter');
    await expect.poll(() => page.getByText('Under a strict CSP').count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('a server action posted from another origin is a 403, not a 500; from our own origin it runs', async () => {
    const id = actionId('keepConflictAction', 'src/app/conflicts/actions.ts');
    const post = (origin: string) =>
      fetch(`${app.url}/conflicts`, {
        method: 'POST',
        headers: { origin, 'next-action': id, 'content-type': 'text/plain;charset=UTF-8', accept: 'text/x-component' },
        body: JSON.stringify([null, null]),
      });
    for (const origin of ['https://evil.example', 'null']) {
      const res = await post(origin);
      expect(res.status, origin).toBe(403);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('cross_site_request');
      // It names the address to open Planner at (a page opened at 127.0.0.1 for localhost is the usual cause).
      expect(body.error.message).toContain(`open Planner at ${new URL(app.url).origin}`);
    }
    expect((await post(app.url)).status).toBe(200);
  });

  it('sign-in: rotating X-Forwarded-For does not escape the limit, and other clients are not locked out', async () => {
    for (const [name, email] of [['Alice', 'alice@example.test'], ['Bob', 'bob@example.test']]) {
      const res = await fetch(`${app.url}/api/auth/sign-up/email`, {
        method: 'POST',
        headers: { origin: app.url, 'content-type': 'application/json' },
        body: JSON.stringify({ name, email, password: PASSWORD }),
      });
      expect(res.status, await res.text()).toBe(200);
    }
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await signIn('alice@example.test', `wrong-${i}`, { 'x-forwarded-for': `198.51.100.${i + 1}` })).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    expect((await signIn('alice@example.test', PASSWORD, { 'x-forwarded-for': '198.51.100.200' })).status).toBe(429);
    // Nobody sends a forwarded header here: they must not share alice's lockout.
    expect((await signIn('bob@example.test', PASSWORD)).status).toBe(200);
    expect((await signIn('cora@example.test', PASSWORD)).status).toBe(200);
  });
});

describe('HSTS on an https app URL', () => {
  let app: AppServer;
  beforeAll(async () => {
    app = await startAppServer({ distDir: DIST_DIR, build: true, env: { NEXTAUTH_URL: 'https://planner.example.test', PLANNER_RUNNER: '0' } });
  }, 600_000);
  afterAll(async () => {
    await app?.stop();
  });

  it('pages send Strict-Transport-Security', async () => {
    const res = await fetch(`${app.url}/sign-in`);
    expect(res.status).toBe(200);
    expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=31536000/);
  });
});
