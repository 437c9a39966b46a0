#!/usr/bin/env node
// `npm test`: everything, in one command. Installs Chromium for the browser tests
// when it is missing (Debian package, needs root), builds the app unless the build
// matches the sources (so it reuses the one `npm start` made),
// then runs every Vitest project (unit, emulator, db, e2e, convergence).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ensureBuild } from './lib/build.mjs';

function ensureChromium() {
  if (existsSync('/usr/bin/chromium')) return;
  if (typeof process.getuid === 'function' && process.getuid() === 0) {
    console.log('› Installing Chromium for the browser tests (apt-get)…');
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    const r = spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit' });
    if (r.status === 0) return;
  }
  console.error('✗ Browser tests need Chromium at /usr/bin/chromium: run `apt-get install -y chromium` as root.');
  process.exit(1);
}

ensureChromium();
await ensureBuild();
const result = spawnSync(
  process.execPath,
  ['node_modules/vitest/vitest.mjs', 'run', ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
