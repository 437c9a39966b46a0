/**
 * Starts the BUILT Planner app (`next start`) for browser and end-to-end tests.
 *
 *   const app = await startAppServer({ distDir: '.next-planner' });
 *   ... fetch(`${app.url}/api/...`) ...
 *   await app.stop();
 *
 * - Build first with `NEXT_DIST_DIR=<dir> npx next build` (or pass build: true to
 *   build when <dir>/BUILD_ID is missing). distDir defaults to NEXT_DIST_DIR or .next.
 * - Listens on 127.0.0.1 on a free port; NEXTAUTH_URL is that URL, so sign-in
 *   cookies and Better Auth's origin check work.
 * - Database: a fresh PGlite under a temp PLANNER_DATA_DIR, or `databaseUrl`
 *   (e.g. from createFreshDatabase('postgres')) with test secrets filled in.
 * - `env` overrides anything (point MICROSOFT_* at an emulator, PLANNER_RUNNER=0, ...).
 *   Sign-in throttling is off by default (AUTH_RATE_LIMIT=0).
 * - Resolves once the server answers HTTP (migrations have run by then).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface AppServerOptions {
  /** Next.js build folder (relative to the repo root). Default: NEXT_DIST_DIR or .next. */
  distDir?: string;
  /** Build into distDir first when it has no BUILD_ID. */
  build?: boolean;
  /** Postgres URL; when absent the app runs on PGlite in a temp PLANNER_DATA_DIR. */
  databaseUrl?: string;
  /** PLANNER_DATA_DIR to use (default: a fresh temp dir, removed on stop). */
  dataDir?: string;
  /** Extra or overriding environment variables for the server. */
  env?: Record<string, string | undefined>;
  /** Fixed port (default: a free one). */
  port?: number;
  /** Directory holding the app and its build (default: this checkout). */
  appRoot?: string;
  readyTimeoutMs?: number;
}

export interface AppServer {
  url: string;
  port: number;
  dataDir: string;
  /** The last lines the server printed (for failure messages). */
  logs(): string;
  stop(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '../..');
const NEXT_BIN = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');
const TEST_SECRETS = {
  NEXTAUTH_SECRET: 'test-nextauth-secret-0123456789abcdef0123',
  OUTLOOK_SYNC_JOB_SECRET: 'test-sync-job-secret-0123456789',
  TOKEN_ENCRYPTION_KEY: 'b'.repeat(64),
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Builds the app into `distDir` unless it already holds a build. */
export function ensureAppBuild(distDir: string, root = ROOT): void {
  if (existsSync(path.join(root, distDir, 'BUILD_ID'))) return;
  const result = spawnSync(process.execPath, [NEXT_BIN, 'build'], {
    cwd: root,
    env: { ...process.env, NEXT_DIST_DIR: distDir },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`next build into ${distDir} failed:\n${result.stdout}\n${result.stderr}`);
}

function serverEnv(options: AppServerOptions, url: string, port: number, dataDir: string, distDir: string) {
  const env: Record<string, string | undefined> = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_DIST_DIR: distDir,
    PORT: String(port),
    NEXTAUTH_URL: url,
    PLANNER_DATA_DIR: dataDir,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    NEXT_TELEMETRY_DISABLED: '1',
    // Tests sign many users up from 127.0.0.1; pass env: { AUTH_RATE_LIMIT: '1' } to test throttling.
    AUTH_RATE_LIMIT: '0',
    DATABASE_URL: options.databaseUrl,
    ...(options.databaseUrl ? TEST_SECRETS : {}),
    ...options.env,
  };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return env as NodeJS.ProcessEnv;
}

async function waitUntilReady(url: string, child: ChildProcess, timeoutMs: number, logs: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`app server exited with ${child.exitCode}:\n${logs()}`);
    try {
      const res = await fetch(`${url}/api/auth/ok`, { signal: AbortSignal.timeout(5_000) });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`app server not ready after ${timeoutMs} ms:\n${logs()}`);
}

export async function startAppServer(options: AppServerOptions = {}): Promise<AppServer> {
  const distDir = options.distDir ?? process.env.NEXT_DIST_DIR ?? '.next';
  const root = options.appRoot ?? ROOT;
  if (options.build) ensureAppBuild(distDir, root);
  if (!existsSync(path.join(root, distDir, 'BUILD_ID'))) {
    throw new Error(`No build in ${distDir}: run NEXT_DIST_DIR=${distDir} npx next build (or pass build: true)`);
  }
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const ownDataDir = !options.dataDir;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'planner-app-'));
  const child = spawn(process.execPath, [NEXT_BIN, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: root,
    env: serverEnv(options, url, port, dataDir, distDir),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const logs = () => lines.join('\n');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  async function stop(): Promise<void> {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
  }

  try {
    await waitUntilReady(url, child, options.readyTimeoutMs ?? 60_000, logs);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, dataDir, logs, stop };
}
