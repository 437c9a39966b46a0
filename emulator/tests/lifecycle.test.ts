/** Emulator lifecycle: persisted state (npm start), time scale, the standalone `npm run emulator`. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { graphClient, REDIRECT, signIn, start, tokenRequest } from './helpers';

const dir = mkdtempSync(path.join(tmpdir(), 'emulator-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('stateFile (issue point 9: npm start keeps the sandbox between runs)', () => {
  it('keeps users, lists, tasks and refresh tokens across a restart', async () => {
    const stateFile = path.join(dir, 'state.json');
    const first = await start({ stateFile });
    const tokens = await signIn(first);
    const list = await first.control.createList('sandbox@planner.test', 'Persisted');
    await first.control.createTask('sandbox@planner.test', list.id, { title: 'Still here' });
    await first.close();

    const second = await start({ stateFile });
    try {
      const mailbox = await second.control.mailbox('sandbox@planner.test');
      expect(mailbox.lists.find((l) => l.id === list.id)?.tasks.map((t) => t.title)).toEqual(['Still here']);
      expect(second.sandboxUser?.id).toBe(first.sandboxUser?.id);
      const refreshed = await tokenRequest(second, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, redirect_uri: REDIRECT });
      expect(refreshed.status).toBe(200);
      const me = await graphClient(second, String(refreshed.body.access_token))('GET', '/me');
      expect(me.status).toBe(200);
    } finally {
      await second.close();
    }
  });
});

describe('timeScale (issue point 6: limits reachable in seconds)', () => {
  it('a 10-minute throttling window passes in about a second at timeScale 600', async () => {
    const fast = await start({ timeScale: 600, throttle: { maxRequestsPerWindow: 2 } });
    try {
      const graph = graphClient(fast, (await fast.control.mintToken('sandbox@planner.test', { expiresInSeconds: 86_400 })).access_token);
      expect((await graph('GET', '/me')).status).toBe(200);
      expect((await graph('GET', '/me')).status).toBe(200);
      const throttled = await graph('GET', '/me');
      expect(throttled.status).toBe(429);
      const waitSeconds = Number(throttled.headers.get('retry-after'));
      expect(waitSeconds).toBeLessThanOrEqual(2);
      await new Promise((r) => setTimeout(r, waitSeconds * 1000 + 100));
      expect((await graph('GET', '/me')).status).toBe(200);
    } finally {
      await fast.close();
    }
  });
});

describe('npm run emulator (standalone)', () => {
  it('starts on the given port, prints the URLs and serves the Outlook page', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'emulator/main.ts', '0'], { cwd: path.resolve(import.meta.dirname, '../..'), stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk) => {
          out += chunk;
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m && out.includes('sandbox account')) resolve(m[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const page = await fetch(`${url}/outlook`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Sandbox User');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
