/**
 * The build step shared by `npm start` and `npm test` (scripts/lib/build.mjs), issue 13 §3:
 * it says what it is doing while a build runs, and a build made by one is reused by the other
 * when the sources did not change, even though `next build` rewrites tsconfig.json after it
 * writes BUILD_ID (which made every build look stale by modification times).
 * A stand-in for `next build` keeps this fast: it works for a moment, writes BUILD_ID,
 * then rewrites tsconfig.json with the same contents, as Next does.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

interface BuildModule {
  ensureBuild(options: { root: string; nextBin: string; progressMs: number; log: (line: string) => void }): Promise<boolean>;
  staleReason(root: string): string | null;
}

const BUILD_MODULE = path.resolve(import.meta.dirname, '../../scripts/lib/build.mjs');
const FAKE_NEXT = `
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
const dir = process.env.NEXT_DIST_DIR || '.next';
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
console.log('fake next ' + process.argv.slice(2).join(' '));
await pause(700);
mkdirSync(dir, { recursive: true });
writeFileSync(dir + '/BUILD_ID', 'fake-build');
await pause(60);
writeFileSync('tsconfig.json', readFileSync('tsconfig.json'));
`;

const root = mkdtempSync(path.join(tmpdir(), 'planner-build-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function project() {
  mkdirSync(path.join(root, 'src', 'app'), { recursive: true });
  writeFileSync(path.join(root, 'src', 'app', 'page.tsx'), 'export default function Page() { return null; }\n');
  writeFileSync(path.join(root, 'src', 'app', 'page.test.ts'), '// not part of the build\n');
  writeFileSync(path.join(root, 'tsconfig.json'), '{ "compilerOptions": {} }\n');
  writeFileSync(path.join(root, 'package.json'), '{ "name": "fake" }\n');
  writeFileSync(path.join(root, 'fake-next.mjs'), FAKE_NEXT);
}

async function build(lines: string[]): Promise<boolean> {
  const { ensureBuild } = (await import(BUILD_MODULE)) as BuildModule;
  return ensureBuild({ root, nextBin: path.join(root, 'fake-next.mjs'), progressMs: 200, log: (line) => lines.push(line) });
}

describe('the build step of npm start and npm test', () => {
  it('says why it builds, that it takes minutes, that it is still at work, and how long it took', async () => {
    project();
    const lines: string[] = [];
    expect(await build(lines)).toBe(true);
    expect(lines[0]).toMatch(/^› Building Planner for production into \S+: no build yet\.$/);
    expect(lines[1]).toContain('takes a few minutes the first time');
    expect(lines.filter((l) => /^› Still building… \d+ s so far$/.test(l)).length).toBeGreaterThanOrEqual(2);
    expect(lines.at(-1)).toMatch(/^› Built in \d+ s\.$/);
  });

  it('reuses the build it just made although next build rewrote tsconfig.json after BUILD_ID', async () => {
    const { staleReason } = (await import(BUILD_MODULE)) as BuildModule;
    expect(staleReason(root)).toBeNull();
    const lines: string[] = [];
    expect(await build(lines)).toBe(false);
    expect(lines).toEqual([expect.stringMatching(/^› Using the existing build in \S+ \(sources unchanged\)$/)]);
  });

  it('ignores a file touched without a change and unit tests beside the code, and names a real change', async () => {
    const { staleReason } = (await import(BUILD_MODULE)) as BuildModule;
    const page = path.join(root, 'src', 'app', 'page.tsx');
    writeFileSync(page, readFileSync(page));
    writeFileSync(path.join(root, 'src', 'app', 'page.test.ts'), '// edited test\n');
    expect(staleReason(root)).toBeNull();
    writeFileSync(page, 'export default function Page() { return "changed"; }\n');
    expect(staleReason(root)).toBe('sources changed since the last build (src/app/page.tsx)');
    writeFileSync(path.join(root, 'src', 'app', 'new-part.ts'), 'export const x = 1;\n');
    expect(staleReason(root)).toBe('sources changed since the last build (src/app/new-part.ts, src/app/page.tsx)');
    const lines: string[] = [];
    expect(await build(lines)).toBe(true);
    expect(lines[0]).toContain('sources changed since the last build (src/app/new-part.ts, src/app/page.tsx)');
    expect(staleReason(root)).toBeNull();
  });
});
