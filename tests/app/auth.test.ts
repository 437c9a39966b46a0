import { describe, expect, it } from 'vitest';
import * as authRoute from '../../src/app/api/auth/[...all]/route';
import { getSessionUser, requireSessionUser, UnauthorizedError } from '../../src/server/auth/session';
import { testEngines, useTestDatabase } from '../helpers/db';
import { authHeaders, installProcessDatabase, signUpUser, useAppTestEnv } from './harness';

useAppTestEnv();

describe.each(testEngines())('accounts on %s', (engine) => {
  const t = useTestDatabase(engine);

  it('signs a user up into snake_case tables with a scrypt password hash and a stored session', async () => {
    const user = await signUpUser(t.database, 'Ada');
    const row = await t.db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ email: user.email, name: 'Ada', email_verified: false });
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
    const account = await t.db.selectFrom('auth_accounts').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(account.provider_id).toBe('credential');
    expect(account.password).not.toContain('correct horse');
    const sessions = await t.db.selectFrom('auth_sessions').selectAll().where('user_id', '=', user.id).execute();
    expect(sessions).toHaveLength(1);
  });

  it('resolves the session cookie to the user, and nothing else to anyone', async () => {
    const user = await signUpUser(t.database, 'Grace');
    expect(await getSessionUser(authHeaders(user), t.db)).toEqual({ id: user.id, email: user.email, name: 'Grace' });
    expect(await getSessionUser(new Headers(), t.db)).toBeNull();
    expect(await getSessionUser(new Headers({ cookie: 'better-auth.session_token=forged.value' }), t.db)).toBeNull();
    await expect(requireSessionUser(new Headers(), t.db)).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('deleting a user deletes their projects and tasks', async () => {
    const user = await signUpUser(t.database);
    const project = await t.db.insertInto('projects').values({ user_id: user.id, name: 'P' }).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('tasks').values({ user_id: user.id, project_id: project.id, title: 'T' }).execute();
    await t.db.insertInto('tasks').values({ user_id: user.id, project_id: null, title: 'Inbox T' }).execute();
    await t.db.deleteFrom('users').where('id', '=', user.id).execute();
    expect(await t.db.selectFrom('projects').select('id').where('user_id', '=', user.id).execute()).toHaveLength(0);
    expect(await t.db.selectFrom('tasks').select('id').where('user_id', '=', user.id).execute()).toHaveLength(0);
    expect(await t.db.selectFrom('auth_sessions').select('id').where('user_id', '=', user.id).execute()).toHaveLength(0);
  });

  async function signUpOver(path: string, body: object, cookie?: string) {
    const headers = new Headers({ origin: 'http://localhost:3000', 'content-type': 'application/json', ...(cookie ? { cookie } : {}) });
    const response = await authRoute.POST(new Request(`http://localhost:3000/api/auth/${path}`, { method: 'POST', headers, body: JSON.stringify(body) }));
    return { status: response.status, body: (await response.json()) as { message?: string; code?: string } };
  }

  it('refuses blank-only and the most common passwords with a message, and creates no account', async () => {
    installProcessDatabase(t.database);
    const weak = ['        ', '\t\t\t\t        ', 'password', 'PASSWORD', '12345678', 'qwertyuiop', 'password1', 'iloveyou'];
    for (const [i, password] of weak.entries()) {
      const email = `weak-${i}-${Date.now()}@example.test`;
      const r = await signUpOver('sign-up/email', { name: 'Weak', email, password });
      expect(r.status, JSON.stringify(password)).toBe(400);
      expect(r.body.code).toBe('WEAK_PASSWORD');
      expect(r.body.message).toMatch(/more than spaces|most common/);
      expect(await t.db.selectFrom('users').select('id').where('email', '=', email).execute()).toEqual([]);
    }
    const fine = await signUpOver('sign-up/email', { name: 'Strong', email: `strong-${Date.now()}@example.test`, password: 'lantern orbit 42 mossy' });
    expect(fine.status).toBe(200);
  });

  it('a changed password obeys the same rule', async () => {
    installProcessDatabase(t.database);
    const user = await signUpUser(t.database);
    const common = await signUpOver('change-password', { currentPassword: 'correct horse battery', newPassword: 'baseball' }, user.cookie);
    expect(common).toMatchObject({ status: 400, body: { code: 'WEAK_PASSWORD' } });
    const fine = await signUpOver('change-password', { currentPassword: 'correct horse battery', newPassword: 'lantern orbit 42 mossy' }, user.cookie);
    expect(fine.status).toBe(200);
  });
});
