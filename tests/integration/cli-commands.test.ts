/**
 * `npm run planner -- <command>`: every command runs against a test database
 * (in-process through runCli, plus the real entry point in a child process),
 * tables for people, --json that parses.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index';
import { runCli } from '../../src/cli/program';
import type { Db } from '../../src/db/client';
import { healthReportSchema } from '../../src/server/health/health-schema';
import { testEngines, useTestDatabase } from '../helpers/db';
import { CLIENT, EMULATOR_CLIENTS, connect, makeDeps, newSession } from './connect-kit';
import { installProcessDatabase, uninstallProcessDatabase, useOpsEnv } from './health-test-env';

const ROOT = path.resolve(import.meta.dirname, '../..');

function capture() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  return { io: { stdout, stderr }, out: () => out, err: () => err };
}

async function seedJobs(db: Db) {
  await db.deleteFrom('task_sync_jobs').execute();
  await db
    .insertInto('task_sync_jobs')
    .values([
      { user_id: 'u1', action: 'create', task_id: crypto.randomUUID(), status: 'failed', attempts: 8, last_error: 'Item not found', last_error_code: 'ErrorItemNotFound' },
      { user_id: 'u1', action: 'delete', task_id: crypto.randomUUID(), status: 'failed', attempts: 3, last_error: 'Unauthorized', last_error_code: 'InvalidAuthenticationToken' },
      { user_id: 'u2', action: 'create', task_id: crypto.randomUUID(), status: 'pending', attempts: 2 },
      { user_id: 'u3', action: 'create', task_id: crypto.randomUUID(), status: 'completed', completed_at: new Date() },
    ])
    .execute();
}

/** Answers Graph's validation handshake the way /webhook does (the emulator validates notification URLs). */
async function startValidationEcho(): Promise<Server> {
  const server = createServer((req, res) => {
    const token = new URL(req.url ?? '/', 'http://x').searchParams.get('validationToken');
    req.resume();
    res.writeHead(token ? 200 : 202, { 'content-type': 'text/plain' }).end(token ?? '');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

describe.each(testEngines())('planner CLI on %s', (engine) => {
  const t = useTestDatabase(engine);
  let emulator: Emulator;
  let webhook: Server;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, clients: EMULATOR_CLIENTS, autoApprove: true, allowHttpNotificationUrls: true });
    webhook = await startValidationEcho();
    useOpsEnv({
      MICROSOFT_CLIENT_ID: CLIENT.clientId,
      MICROSOFT_CLIENT_SECRET: CLIENT.clientSecret,
      MICROSOFT_LOGIN_BASE_URL: emulator.url,
      MICROSOFT_GRAPH_BASE_URL: emulator.graphUrl,
      OUTLOOK_WEBHOOK_URL: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/api/integrations/outlook/webhook`,
    });
    // Job handlers and services reach the database through the process (getDb): make it this one.
    installProcessDatabase(t.database);
  });
  afterAll(async () => {
    uninstallProcessDatabase();
    await emulator?.close();
    await new Promise((r) => webhook?.close(r));
    useOpsEnv();
  });
  beforeEach(() => seedJobs(t.db));

  async function cli(...argv: string[]) {
    const c = capture();
    const code = await runCli(argv, { io: c.io, database: t.database });
    return { code, out: c.out(), err: c.err() };
  }

  it('health prints tables, --json the documented report, --strict fails on warnings', async () => {
    const table = await cli('health');
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/^Status: WARNING/);
    expect(table.out).toMatch(/Jobs failed\s+2/);
    expect(table.out).toMatch(/warning\s+failed_jobs\s+2 failed jobs/);
    const json = await cli('health', '--json');
    const report = healthReportSchema.parse(JSON.parse(json.out));
    expect(report.queue).toMatchObject({ failed: 2, pending: 1 });
    expect((await cli('health', '--strict')).code).toBe(1);
  });

  it('jobs lists with filters, as a table and as JSON', async () => {
    const table = await cli('jobs', '--status', 'failed');
    expect(table.out.split('\n')[0]).toMatch(/^ID\s+Action\s+Status\s+Tries\s+User\s+Updated\s+Error$/);
    expect(table.out).toContain('[ErrorItemNotFound] Item not found');
    const json = JSON.parse((await cli('jobs', '--status', 'failed', '--json')).out) as { status: string }[];
    expect(json).toHaveLength(2);
    expect(json.every((j) => j.status === 'failed')).toBe(true);
    const searched = JSON.parse((await cli('jobs', '--search', 'unauthor', '--json')).out) as { action: string }[];
    expect(searched.map((j) => j.action)).toEqual(['delete']);
    const bad = await cli('jobs', '--status', 'nope');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/Allowed choices are/);
  });

  it('requeue --failed moves failed jobs back to pending with attempts 0 (guide §13)', async () => {
    const r = await cli('requeue', '--failed', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ failed: true, pending: false, requeued: 2, superseded: 0 });
    const rows = await t.db.selectFrom('task_sync_jobs').select(['status', 'attempts', 'last_error']).orderBy('id').execute();
    expect(rows.map((x) => [x.status, x.attempts, x.last_error])).toEqual([
      ['pending', 0, null],
      ['pending', 0, null],
      ['pending', 2, null],
      ['completed', 0, null],
    ]);
    const both = await cli('requeue');
    expect(both.out).toMatch(/^Requeued 3 job\(s\)\.$/m);
    const attempts = await t.db.selectFrom('task_sync_jobs').select('attempts').where('status', '=', 'pending').execute();
    expect(attempts.every((a) => a.attempts === 0)).toBe(true);
  });

  it('requeue --id retries only the named failed job', async () => {
    const [first] = await t.db.selectFrom('task_sync_jobs').select('id').where('status', '=', 'failed').orderBy('id').execute();
    const r = JSON.parse((await cli('requeue', '--failed', '--id', first.id, '--json')).out);
    expect(r).toMatchObject({ requeued: 1 });
    const failed = await t.db.selectFrom('task_sync_jobs').select('id').where('status', '=', 'failed').execute();
    expect(failed.map((f) => f.id)).not.toContain(first.id);
    expect(failed).toHaveLength(1);
    expect((await cli('requeue', '--id', 'x1')).code).toBe(2);
  });

  it('requeue marks a failed full_sync skipped when another full_sync of the user is active', async () => {
    await t.db.insertInto('task_sync_jobs').values({ user_id: 'u9', action: 'full_sync', status: 'failed' }).execute();
    await t.db.insertInto('task_sync_jobs').values({ user_id: 'u9', action: 'full_sync', status: 'pending' }).execute();
    const r = JSON.parse((await cli('requeue', '--failed', '--json')).out);
    expect(r).toMatchObject({ requeued: 2, superseded: 1 });
    const fs = await t.db.selectFrom('task_sync_jobs').select('status').where('user_id', '=', 'u9').orderBy('id').execute();
    expect(fs.map((x) => x.status)).toEqual(['skipped', 'pending']);
  });

  it('drain processes due jobs up to --limit and reports a summary', async () => {
    await t.db.deleteFrom('task_sync_jobs').execute();
    await t.db
      .insertInto('task_sync_jobs')
      .values(Array.from({ length: 8 }, (_, i) => ({ user_id: `d${i}`, action: 'create' as const, task_id: crypto.randomUUID() })))
      .execute();
    const r = await cli('drain', '--limit', '5', '--json');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out);
    expect(summary.processed).toBe(5);
    expect(summary.succeeded + summary.failed + summary.deferred + summary.skipped).toBe(5);
    const touched = await t.db.selectFrom('task_sync_jobs').select('id').where('attempts', '>', 0).execute();
    expect(touched).toHaveLength(5);
    const text = await cli('drain', '--limit', '100');
    expect(text.out).toMatch(/^Processed 3: /);
  });

  it('drain pushes a queued task to Outlook (the emulator) through the real job handlers', async () => {
    const session = newSession();
    const mailbox = await emulator.control.createUser({ email: session.email });
    await connect(makeDeps(t.db, emulator, { tokenKey: Buffer.from('a'.repeat(64), 'hex') }), session, session.email);
    await t.db.deleteFrom('task_sync_jobs').execute();
    const task = await t.db.insertInto('tasks').values({ user_id: session.userId, title: 'Ship the ops CLI' }).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('task_sync_jobs').values({ user_id: session.userId, action: 'create', task_id: task.id }).execute();
    const r = await cli('drain', '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ processed: 1, succeeded: 1, failed: 0, remaining: 0 });
    const titles = (await emulator.control.mailbox(mailbox.user.id)).lists.flatMap((l) => l.tasks.map((x) => x.title));
    expect(titles).toContain('Ship the ops CLI');
  });

  it('alerts check reports what is firing (no channel configured here)', async () => {
    const r = JSON.parse((await cli('alerts', 'check', '--json')).out);
    expect(r).toMatchObject({ skipped: 'no_channels', firing: ['failed_jobs'] });
  });

  it('backfill enqueues a create for each task missing sync state, then one full_sync', async () => {
    const session = newSession();
    await emulator.control.createUser({ email: session.email });
    await connect(makeDeps(t.db, emulator, { tokenKey: Buffer.from('a'.repeat(64), 'hex') }), session, session.email);
    await t.db.deleteFrom('task_sync_jobs').where('user_id', '=', session.userId).execute();
    const tasks = await t.db
      .insertInto('tasks')
      .values([
        { user_id: session.userId, title: 'Backfill me' },
        { user_id: session.userId, title: 'And me' },
      ])
      .returning('id')
      .execute();
    const r = await cli('backfill', session.userId, '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ userId: session.userId, missing: 2, enqueued: 2, fullSync: 'enqueued' });
    const jobs = await t.db.selectFrom('task_sync_jobs').select(['action', 'task_id']).where('user_id', '=', session.userId).execute();
    expect(jobs.filter((j) => j.action === 'create').map((j) => j.task_id).sort()).toEqual(tasks.map((x) => x.id).sort());
    expect(jobs.filter((j) => j.action === 'full_sync')).toHaveLength(1);
  });

  it('backfill of an unknown user fails with a clear error and enqueues nothing', async () => {
    const before = await t.db.selectFrom('task_sync_jobs').select('id').execute();
    const r = await cli('backfill', 'no-such-user', '--json');
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/no-such-user/);
    const after = await t.db.selectFrom('task_sync_jobs').select('id').execute();
    expect(after).toHaveLength(before.length);
  });

  it('archive-closed runs its service and reports a summary', async () => {
    const r = await cli('archive-closed', '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ dryRun: false, failed: 0 });
  });

  it('subscriptions renew creates the missing subscription of a connected user in the emulator', async () => {
    const deps = makeDeps(t.db, emulator, { tokenKey: Buffer.from('a'.repeat(64), 'hex') });
    const session = newSession();
    await connect(deps, session, session.email);
    const r = await cli('subscriptions', 'renew', '--json');
    expect(r.code, r.err).toBe(0);
    const summary = JSON.parse(r.out);
    expect(summary).toMatchObject({ webhookConfigured: true, failed: 0 });
    expect(summary.lists).toBeGreaterThanOrEqual(1);
    expect(summary.created).toBe(summary.lists);
    const lists = await t.db.selectFrom('project_outlook_lists').select(['subscription_id', 'subscription_expires_at']).where('user_id', '=', session.userId).execute();
    expect(lists.every((l) => l.subscription_id && l.subscription_expires_at)).toBe(true);
    const again = JSON.parse((await cli('subscriptions', 'renew', '--json')).out);
    expect(again).toMatchObject({ created: 0, renewed: 0, failed: 0 });
  });

  it('usage errors exit 2 and name the problem', async () => {
    const r = await cli('drain', '--limit', 'lots');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--limit must be a positive integer/);
    expect((await cli('no-such-command')).code).toBe(2);
  });
});

describe('planner CLI entry point (npm run planner)', () => {
  it('runs `health --json` and `jobs --json` in a child process on its own database', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'planner-cli-'));
    const run = (args: string[]) =>
      promisify(execFile)(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/cli/main.ts', ...args], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: '', PLANNER_DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
      });
    try {
      const health = await run(['health', '--json']);
      expect(healthReportSchema.parse(JSON.parse(health.stdout)).status).toBe('ok');
      expect(JSON.parse((await run(['jobs', '--json'])).stdout)).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
