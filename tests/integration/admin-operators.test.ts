/**
 * Who gets /admin (decision 0039): only an account an operator granted with
 * `planner admin grant <email>`. Signing up with an address an old ADMIN_EMAILS
 * list named gives nothing; revoke takes it away again.
 */
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program';
import { resetEnvCache } from '../../src/config/env';
import { AdminAccessError, loadAdminDashboard } from '../../src/server/admin/admin-console';
import { authHeaders, signUpUser, useAppTestEnv, type TestUser } from '../app/harness';
import { testEngines, useTestDatabase } from '../helpers/db';
import { installProcessDatabase, uninstallProcessDatabase } from './health-test-env';

useAppTestEnv();

function capture() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  return { io: { stdout, stderr }, out: () => out, err: () => err };
}

describe.each(testEngines())('operators on %s', (engine) => {
  const t = useTestDatabase(engine);
  let member: TestUser;

  beforeAll(async () => {
    installProcessDatabase(t.database);
    member = await signUpUser(t.database, 'Would-be Admin');
    // The address an operator once listed: it must not be enough on its own.
    process.env.ADMIN_EMAILS = member.email.toUpperCase();
    resetEnvCache();
  });
  afterAll(() => {
    delete process.env.ADMIN_EMAILS;
    resetEnvCache();
    uninstallProcessDatabase();
  });

  async function cli(...argv: string[]) {
    const c = capture();
    const code = await runCli(argv, { io: c.io, database: t.database });
    return { code, out: c.out(), err: c.err() };
  }

  async function dashboardAs(user: TestUser) {
    try {
      return await loadAdminDashboard(authHeaders(user));
    } catch (error) {
      if (error instanceof AdminAccessError) return error.reason;
      throw error;
    }
  }

  it('signing up with a listed address does not open /admin', async () => {
    expect(await dashboardAs(member)).toBe('not_admin');
    expect(await t.db.selectFrom('planner_admins').selectAll().execute()).toEqual([]);
  });

  it('admin grant opens /admin for that account only; list shows it; revoke closes it', async () => {
    const other = await signUpUser(t.database, 'Other');
    const granted = await cli('admin', 'grant', member.email.toUpperCase());
    expect(granted).toMatchObject({ code: 0, out: expect.stringContaining('is now an operator') });
    expect(await dashboardAs(member)).toHaveProperty('report');
    expect(await dashboardAs(other)).toBe('not_admin');
    expect((await cli('admin', 'grant', member.email)).out).toContain('already an operator');

    const listed = JSON.parse((await cli('admin', 'list', '--json')).out);
    expect(listed).toEqual([expect.objectContaining({ user_id: member.id, email: member.email, granted_by: 'cli' })]);
    expect((await cli('admin', 'list')).out).toContain(member.email);

    expect((await cli('admin', 'revoke', member.email)).out).toContain('no longer an operator');
    expect(await dashboardAs(member)).toBe('not_admin');
    expect((await cli('admin', 'revoke', member.email)).out).toContain('was not an operator');
  });

  it('granting an e-mail nobody signed up with fails and grants nothing', async () => {
    const r = await cli('admin', 'grant', 'nobody@example.test');
    expect(r.code).toBe(1);
    expect(r.err).toContain('No Planner account has the e-mail nobody@example.test');
    expect(await t.db.selectFrom('planner_admins').selectAll().execute()).toEqual([]);
  });

  it('deleting the account removes its grant', async () => {
    const gone = await signUpUser(t.database, 'Leaver');
    await cli('admin', 'grant', gone.email);
    await t.db.deleteFrom('users').where('id', '=', gone.id).execute();
    expect(await t.db.selectFrom('planner_admins').selectAll().where('user_id', '=', gone.id).execute()).toEqual([]);
  });
});
