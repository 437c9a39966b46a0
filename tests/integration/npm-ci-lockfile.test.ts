/**
 * `npm ci` on a fresh clone (issue 13 §3): the lockfile must hold every platform's
 * optional binaries (@next/swc-*, @unrs/resolver-binding-*), or npm 11's `npm ci`
 * refuses it as "not in sync" (npm/cli#8805) and a newcomer or CI system cannot
 * install. A dry run of `npm ci` on a copy of package.json + package-lock.json
 * checks exactly that, without touching this checkout's node_modules.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'planner-npm-ci-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm ci', () => {
  it('accepts the committed lockfile (every platform\'s optional packages are in it)', () => {
    copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
    copyFileSync(path.join(ROOT, 'package-lock.json'), path.join(dir, 'package-lock.json'));
    const run = spawnSync('npm', ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.stderr).not.toMatch(/can only install packages when your package\.json and package-lock\.json/);
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
  });
});
