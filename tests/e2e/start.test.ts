/**
 * `npm start` on a fresh clone serves the home page: runs scripts/start.mjs with
 * nothing configured but a fresh data folder and free ports, exactly as a new
 * user would. It builds when the build is missing or stale (into NEXT_DIST_DIR
 * when set), generates local secrets, starts the sandbox Microsoft emulator,
 * migrates an embedded PGlite database and serves the app.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/app-server';

const ROOT = path.resolve(import.meta.dirname, '../..');
const READY_TIMEOUT_MS = 230_000;

async function waitForHttp(url: string, child: ChildProcess, logs: () => string): Promise<void> {
  const until = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${logs()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`npm start did not answer ${url} in time:\n${logs()}`);
}

describe('npm start on a fresh clone', () => {
  let child: ChildProcess;
  let output = '';
  let appUrl = '';
  let emulatorUrl = '';
  const dataDir = mkdtempSync(path.join(tmpdir(), 'planner-start-'));
  const logs = () => output.slice(-4000);

  beforeAll(async () => {
    const [port, emulatorPort] = [await freePort(), await freePort()];
    appUrl = `http://127.0.0.1:${port}`;
    emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
    // Only what a fresh shell has, plus where to listen: no secrets, no database, no Azure app.
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpdir(),
      NEXT_TELEMETRY_DISABLED: '1',
      PLANNER_DATA_DIR: dataDir,
      PORT: String(port),
      EMULATOR_PORT: String(emulatorPort),
      PLANNER_HOST: '127.0.0.1',
      NEXTAUTH_URL: appUrl,
      LOG_LEVEL: 'warn',
    };
    if (process.env.NEXT_DIST_DIR) env.NEXT_DIST_DIR = process.env.NEXT_DIST_DIR;
    child = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: ROOT,
      env: env as NodeJS.ProcessEnv,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    await waitForHttp(`${appUrl}/`, child, logs);
  }, READY_TIMEOUT_MS + 10_000);

  afterAll(async () => {
    if (child?.pid && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the home page', async () => {
    const response = await fetch(`${appUrl}/`);
    expect(response.status, logs()).toBe(200);
    const html = await response.text();
    expect(html).toContain('Planner');
    expect(html).toMatch(/sign-in/);
  });

  it('created its local database and secrets in the data folder', () => {
    expect(existsSync(path.join(dataDir, 'secrets.json'))).toBe(true);
    expect(existsSync(path.join(dataDir, 'pglite'))).toBe(true);
  });

  it('runs the sandbox Microsoft emulator beside the app', async () => {
    const response = await fetch(`${emulatorUrl}/outlook`);
    expect(response.status, logs()).toBe(200);
  });
});
