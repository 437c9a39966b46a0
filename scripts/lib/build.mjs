// Shared by `npm start` and `npm test`: build the Next.js app when the build is
// missing or older than the sources it was made from. Honours NEXT_DIST_DIR, so
// parallel test runs can each build into their own folder.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const SOURCES = ['src', 'public', 'next.config.ts', 'package-lock.json', 'tsconfig.json'];

function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) {
    if (/\.test\.tsx?$/.test(entry)) continue; // unit tests beside the code are not in the build
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

/** The build folder: NEXT_DIST_DIR (next.config.ts reads the same variable) or .next. */
export function distDir() {
  return process.env.NEXT_DIST_DIR || '.next';
}

export function buildIsStale(root = process.cwd()) {
  const buildId = path.join(root, distDir(), 'BUILD_ID');
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.join(root, s)) > built);
}

export function ensureBuild({ force = false } = {}) {
  if (!force && !buildIsStale()) return;
  console.log(`› Building Planner (next build into ${distDir()})…`);
  const result = spawnSync(process.execPath, [path.join('node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error('✗ next build failed; see the output above.');
    process.exit(result.status ?? 1);
  }
}
