/**
 * The built app for benchmarks that need HTTP (the webhook): `next build` into
 * .next-bench when that build is missing or older than the sources, restoring
 * tsconfig.json if the build rewrote it (Next adds its dist folder's types).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const BENCH_DIST_DIR = '.next-bench';
const ROOT = path.resolve(import.meta.dirname, '../..');
const SOURCES = ['src', 'next.config.ts', 'package-lock.json', 'tsconfig.json'];

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

function buildIsStale(): boolean {
  const buildId = path.join(ROOT, BENCH_DIST_DIR, 'BUILD_ID');
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.join(ROOT, s)) > built);
}

/** Builds into .next-bench when needed; returns whether it built. */
export function ensureBenchBuild(log: (m: string) => void): boolean {
  if (!buildIsStale()) return false;
  log(`building the app into ${BENCH_DIST_DIR} (next build)…`);
  const tsconfig = path.join(ROOT, 'tsconfig.json');
  const before = readFileSync(tsconfig, 'utf8');
  const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
    cwd: ROOT,
    env: { ...process.env, NEXT_DIST_DIR: BENCH_DIST_DIR, NEXT_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
  });
  if (readFileSync(tsconfig, 'utf8') !== before) writeFileSync(tsconfig, before);
  if (result.status !== 0) throw new Error(`next build failed:\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`);
  return true;
}
