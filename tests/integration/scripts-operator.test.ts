/**
 * The guide §8 scripts, run exactly as the guide writes them
 * (`node --env-file <file> scripts/<name>.mjs …`) as child processes against a test
 * Postgres database and the emulator. The environment is passed only through the
 * env file (plus PATH), so nothing leaks in from the test process.
 * Postgres-only: a child process cannot share the test's in-memory PGlite.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createProject } from '../../src/server/projects';
import { createTask } from '../../src/server/tasks';
import { POSTGRES_SKIP_REASON, TEST_SECRET_KEY, useTestDatabase } from '../helpers/db';
import { TEST_APP_ENV, useProcessEnv } from '../helpers/process-env';
import { CLIENT } from './connect-kit';
import { APP_URL, connectedUser, drain, remoteCopies, remoteLists, usePushEmulator, type ConnectedUser } from './push-kit';

const ROOT = path.resolve(import.meta.dirname, '../..');
let workDir: string | undefined;
const scratch = () => (workDir ??= mkdtempSync(path.join(tmpdir(), 'planner-scripts-')));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node --env-file <file> scripts/<script> ...args` with only PATH from our environment. */
function runScript(script: string, args: string[], envLines: Record<string, string>): Promise<Run> {
  const envFile = path.join(scratch(), `env-${Math.random().toString(36).slice(2)}`);
  writeFileSync(envFile, Object.entries(envLines).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--env-file', envFile, path.join('scripts', script), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? scratch() } as unknown as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe.skipIf(!process.env.TEST_DATABASE_URL)(
  `operator scripts on postgres${process.env.TEST_DATABASE_URL ? '' : ` (skipped: ${POSTGRES_SKIP_REASON})`}`,
  () => {
  useProcessEnv(TEST_APP_ENV);
  const t = useTestDatabase('postgres');
  const e = usePushEmulator();
  afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  const tokenKey = Buffer.from(TEST_SECRET_KEY, 'hex');
  const env = (): Record<string, string> => ({
    DATABASE_URL: t.url!,
    TOKEN_ENCRYPTION_KEY: TEST_SECRET_KEY,
    NEXTAUTH_SECRET: 'scripts-test-nextauth-secret-0123456789',
    NEXTAUTH_URL: APP_URL,
    OUTLOOK_SYNC_JOB_SECRET: 'scripts-test-sync-secret-0123',
    MICROSOFT_CLIENT_ID: CLIENT.clientId,
    MICROSOFT_CLIENT_SECRET: CLIENT.clientSecret,
    MICROSOFT_LOGIN_BASE_URL: e.emulator.url,
    MICROSOFT_GRAPH_BASE_URL: e.emulator.graphUrl,
    LOG_LEVEL: 'warn',
  });
  const jobs = (u: ConnectedUser) =>
    t.db.selectFrom('task_sync_jobs').select(['action', 'task_id', 'status', 'priority']).where('user_id', '=', u.userId).orderBy('id').execute();

  it('backfill-task-sync.mjs <userId>: --dry-run lists, a real run queues creates for tasks without a copy and a final full_sync', async () => {
    const u = await connectedUser(t.db, e.emulator, { tokenKey });
    const synced = await createTask(t.db, u.userId, { title: 'Already in To Do' });
    await drain(t.db, u.handlers);
    const closed = await createProject(t.db, u.userId, { name: 'Closed one' });
    const a = await createTask(t.db, u.userId, { title: 'Missing A' });
    const b = await createTask(t.db, u.userId, { title: 'Missing B' });
    await createTask(t.db, u.userId, { title: 'In a closed project', project_id: closed.id });
    await t.db.updateTable('projects').set({ status: 'Completed' }).where('id', '=', closed.id).execute();
    await t.db.deleteFrom('task_sync_jobs').where('user_id', '=', u.userId).execute(); // as if the jobs were lost

    const dry = await runScript('backfill-task-sync.mjs', [u.userId, '--dry-run'], env());
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/\[1\/2\] would_enqueue\s+\S+\s+Missing A/);
    expect(dry.stdout).toMatch(/Dry run summary[\s\S]*missing\s+2[\s\S]*skippedClosedProjects\s+1/);
    expect(await jobs(u)).toEqual([]);

    const real = await runScript('backfill-task-sync.mjs', [u.userId], env());
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout).toMatch(/Summary[\s\S]*enqueued\s+2[\s\S]*fullSync\s+enqueued/);
    expect((await jobs(u)).map((j) => [j.action, j.task_id])).toEqual([
      ['create', a.id],
      ['create', b.id],
      ['full_sync', null],
    ]);

    await drain(t.db, u.handlers);
    for (const task of [synced, a, b]) expect(await remoteCopies(e.emulator, u.mailboxId, task.id)).toHaveLength(1);

    const again = await runScript('backfill-task-sync.mjs', [u.userId], env());
    expect(again.stdout).toMatch(/missing\s+0/);
  });

  it('backfill-task-sync.mjs: clear errors for a bad user id, a user without Outlook and a missing argument', async () => {
    const unknown = await runScript('backfill-task-sync.mjs', ['no-such-user'], env());
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("No Planner user with id 'no-such-user'");

    const notConnected = 'user-without-outlook';
    await t.db.insertInto('users').values({ id: notConnected, name: 'N', email: 'n@planner.test' }).execute();
    const noOutlook = await runScript('backfill-task-sync.mjs', [notConnected], env());
    expect(noOutlook.code).toBe(1);
    expect(noOutlook.stderr).toContain('has not connected Outlook');

    const noArg = await runScript('backfill-task-sync.mjs', [], env());
    expect(noArg.code).toBe(1);
    expect(noArg.stderr).toContain('Usage: node --env-file .env.local scripts/backfill-task-sync.mjs <userId>');
  });

  it('both scripts name a missing or bad variable and its purpose', async () => {
    const { TOKEN_ENCRYPTION_KEY: _key, ...withoutKey } = env();
    const backfill = await runScript('backfill-task-sync.mjs', ['anyone'], withoutKey);
    expect(backfill.code).toBe(1);
    expect(backfill.stderr).toMatch(/TOKEN_ENCRYPTION_KEY: is required but not set \(32-byte key/);

    const { MICROSOFT_CLIENT_ID: _id, ...withoutClient } = env();
    const archive = await runScript('archive-closed-projects.mjs', [], withoutClient);
    expect(archive.code).toBe(1);
    expect(archive.stderr).toMatch(/MICROSOFT_CLIENT_ID: is required by this script but not set \(Azure AD application/);

    const badUrl = await runScript('archive-closed-projects.mjs', [], { ...env(), DATABASE_URL: 'mysql://nope' });
    expect(badUrl.code).toBe(1);
    expect(badUrl.stderr).toContain('DATABASE_URL: must start with postgres://');
  });

  it('archive-closed-projects.mjs: --dry-run reports; a real run deletes the lists, mappings, sync state and dead jobs', async () => {
    const u = await connectedUser(t.db, e.emulator, { tokenKey });
    const done = await createProject(t.db, u.userId, { name: 'Finished project' });
    const open = await createProject(t.db, u.userId, { name: 'Still going' });
    const task = await createTask(t.db, u.userId, { title: 'Wrap up', project_id: done.id });
    await createTask(t.db, u.userId, { title: 'Keep going', project_id: open.id });
    await drain(t.db, u.handlers);
    const mapping = await t.db.selectFrom('project_outlook_lists').selectAll().where('project_id', '=', done.id).executeTakeFirstOrThrow();
    await t.db.updateTable('projects').set({ status: 'Completed' }).where('id', '=', done.id).execute(); // closed without its project_sync
    await t.db.insertInto('task_sync_jobs').values({ user_id: u.userId, task_id: task.id, action: 'update', status: 'failed', last_error: 'boom' }).execute();

    const dry = await runScript('archive-closed-projects.mjs', ['--dry-run'], env());
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/would_archive\s+Finished project \(list "Finished project"\)/);
    expect(dry.stdout).toMatch(/deadJobsRemoved\s+1/);
    expect((await remoteLists(e.emulator, u.mailboxId)).some((l) => l.id === mapping.graph_list_id)).toBe(true);

    const real = await runScript('archive-closed-projects.mjs', [], env());
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout).toMatch(/\[1\/1\] archived\s+Finished project/);
    expect(real.stdout).toMatch(/Summary[\s\S]*listsArchived\s+1[\s\S]*deadJobsRemoved\s+1/);

    const lists = await remoteLists(e.emulator, u.mailboxId);
    expect(lists.some((l) => l.id === mapping.graph_list_id)).toBe(false);
    expect(lists.some((l) => l.displayName === 'Still going')).toBe(true);
    const after = await t.db.selectFrom('project_outlook_lists').select('is_active').where('id', '=', mapping.id).executeTakeFirstOrThrow();
    expect(after.is_active).toBe(false);
    expect(await t.db.selectFrom('task_sync_state').select('task_id').where('task_id', '=', task.id).execute()).toEqual([]);
    expect(await t.db.selectFrom('task_sync_jobs').select('id').where('task_id', '=', task.id).where('status', '=', 'failed').execute()).toEqual([]);
  });
});
