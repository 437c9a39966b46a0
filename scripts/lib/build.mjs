// Shared by `npm start` and `npm test`: build the Next.js app when the build is
// missing or was made from other sources, and say what is happening while it runs.
// Honours NEXT_DIST_DIR, so parallel test runs can each build into their own folder.
//
// Staleness is a fingerprint of the sources' contents, written beside BUILD_ID when a
// build succeeds, not a comparison of modification times: `next build` itself rewrites
// tsconfig.json after it writes BUILD_ID, so by mtimes every build looked stale at once
// and `npm test` rebuilt what `npm start` had just built (decision 0043).
import { spawn } from 'node:child_process';
import { clearInterval, setInterval } from 'node:timers';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const SOURCES = ['src', 'public', 'next.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json'];
/** Beside BUILD_ID: the fingerprint of the sources the build was made from. */
export const SOURCES_STAMP = 'planner-sources.json';
/** How often a running build says it is still at work. */
export const BUILD_PROGRESS_MS = 20_000;

function sourceFiles(root, entry, out) {
  const full = path.join(root, entry);
  if (!existsSync(full)) return out;
  if (!statSync(full).isDirectory()) {
    if (!/\.test\.tsx?$/.test(entry)) out.push(entry); // unit tests beside the code are not in the build
    return out;
  }
  for (const child of readdirSync(full).sort()) sourceFiles(root, path.join(entry, child), out);
  return out;
}

/** sha256 over every source file's path and contents, plus the file list itself. */
export function sourceFingerprint(root = process.cwd()) {
  const files = {};
  for (const file of SOURCES.flatMap((s) => sourceFiles(root, s, []))) {
    files[file.split(path.sep).join('/')] = createHash('sha256').update(readFileSync(path.join(root, file))).digest('hex');
  }
  return { digest: createHash('sha256').update(JSON.stringify(files)).digest('hex'), files };
}

/** The build folder: NEXT_DIST_DIR (next.config.ts reads the same variable) or .next. */
export function distDir() {
  return process.env.NEXT_DIST_DIR || '.next';
}

/** Why the build must be (re)made, or null when it matches the sources. */
export function staleReason(root = process.cwd()) {
  const dir = path.join(root, distDir());
  if (!existsSync(path.join(dir, 'BUILD_ID'))) return 'no build yet';
  const stampFile = path.join(dir, SOURCES_STAMP);
  if (!existsSync(stampFile)) return 'the build has no record of its sources (made by a plain `next build`)';
  let recorded;
  try {
    recorded = JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    return 'the record of its sources is unreadable';
  }
  const current = sourceFingerprint(root);
  if (recorded.digest === current.digest) return null;
  const names = new Set([...Object.keys(recorded.files ?? {}), ...Object.keys(current.files)]);
  const changed = [...names].filter((f) => recorded.files?.[f] !== current.files[f]).sort();
  const shown = changed.slice(0, 3).join(', ') + (changed.length > 3 ? ` and ${changed.length - 3} more` : '');
  return `sources changed since the last build (${shown})`;
}

export function buildIsStale(root = process.cwd()) {
  return staleReason(root) !== null;
}

function seconds(ms) {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/**
 * Builds when stale (or forced). Prints why, that it takes a few minutes the first time,
 * a line every BUILD_PROGRESS_MS while Next works, and the time it took.
 * Options (for tests): root, nextBin, progressMs, log.
 */
export async function ensureBuild({ force = false, root = process.cwd(), nextBin, progressMs = BUILD_PROGRESS_MS, log = console.log } = {}) {
  const reason = force ? 'asked to rebuild' : staleReason(root);
  if (!reason) {
    log(`› Using the existing build in ${distDir()} (sources unchanged)`);
    return false;
  }
  log(`› Building Planner for production into ${distDir()}: ${reason}.`);
  log('  This takes a few minutes the first time (longer on a small machine); later starts reuse the build.');
  const started = Date.now();
  const bin = nextBin ?? path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  const child = spawn(process.execPath, [bin, 'build'], { cwd: root, stdio: 'inherit' });
  const ticker = setInterval(() => log(`› Still building… ${seconds(Date.now() - started)} so far`), progressMs);
  const code = await new Promise((resolve) => {
    child.once('error', () => resolve(1));
    child.once('exit', (status) => resolve(status ?? 1));
  });
  clearInterval(ticker);
  if (code !== 0) {
    console.error('✗ next build failed; see the output above.');
    process.exit(code);
  }
  // Taken after the build: Next may rewrite tsconfig.json while it builds.
  writeFileSync(path.join(root, distDir(), SOURCES_STAMP), JSON.stringify(sourceFingerprint(root)));
  log(`› Built in ${seconds(Date.now() - started)}.`);
  return true;
}
