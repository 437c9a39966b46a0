/**
 * Row level security: a session for user A (src/db/rls.ts withUserScope) reads and
 * writes none of user B's rows in any table, cannot create rows for anyone else,
 * and cannot reach planner_secrets or the vault functions at all.
 */
import { sql, type RawBuilder } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db, Tx } from '../../src/db/client';
import { withUserScope } from '../../src/db/rls';
import { testEngines, useTestDatabase } from '../helpers/db';

const A = 'user-a';
const B = 'user-b';
const USER_TABLES = ['projects', 'tasks', 'outlook_connections', 'project_outlook_lists', 'task_sync_state', 'task_sync_jobs'] as const;
type UserTable = (typeof USER_TABLES)[number];

/** A new row for `userId` in each table (columns each table requires). */
const NEW_ROW: Record<UserTable, (userId: string) => RawBuilder<unknown>> = {
  projects: (u) => sql`insert into projects (user_id, name) values (${u}, 'Intruder project') returning id`,
  tasks: (u) => sql`insert into tasks (user_id, title) values (${u}, 'Intruder task') returning id`,
  outlook_connections: (u) => sql`insert into outlook_connections (user_id, microsoft_account_id) values (${u}, 'ms-intruder') returning id`,
  project_outlook_lists: (u) =>
    sql`insert into project_outlook_lists (user_id, graph_list_id, graph_list_name) values (${u}, ${'list-intruder-' + u}, 'Intruder') returning id`,
  task_sync_state: (u) => sql`insert into task_sync_state (user_id, task_id) values (${u}, gen_random_uuid()) returning id`,
  task_sync_jobs: (u) => sql`insert into task_sync_jobs (user_id, action) values (${u}, 'full_sync') returning id`,
};

async function seedUser(db: Db, userId: string) {
  const project = await db.insertInto('projects').values({ user_id: userId, name: `${userId} project` }).returning('id').executeTakeFirstOrThrow();
  const task = await db
    .insertInto('tasks')
    .values({ user_id: userId, project_id: project.id, title: `${userId} task` })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('outlook_connections').values({ user_id: userId, microsoft_account_id: `ms-${userId}` }).execute();
  await db
    .insertInto('project_outlook_lists')
    .values({ user_id: userId, project_id: project.id, graph_list_id: `list-${userId}`, graph_list_name: 'List' })
    .execute();
  await db.insertInto('task_sync_state').values({ user_id: userId, task_id: task.id, graph_task_id: `g-${userId}` }).execute();
  await db.insertInto('task_sync_jobs').values({ user_id: userId, action: 'update', task_id: task.id }).execute();
}

async function rowsByUser(executor: Db | Tx, table: UserTable): Promise<string[]> {
  const { rows } = await sql<{ user_id: string }>`select user_id from ${sql.table(table)} order by user_id`.execute(executor);
  return rows.map((r) => r.user_id);
}

describe.each(testEngines())('row level security on %s', (engine) => {
  const t = useTestDatabase(engine);
  let snapshotOfB: Record<string, unknown[]> = {};

  beforeAll(async () => {
    await seedUser(t.db, A);
    await seedUser(t.db, B);
    await sql`select vault_create_secret('b-refresh-token', 'b', 'refresh token of B')`.execute(t.db);
    snapshotOfB = {};
    for (const table of USER_TABLES) {
      snapshotOfB[table] = (await sql`select * from ${sql.table(table)} where user_id = ${B} order by id`.execute(t.db)).rows;
    }
  });

  it('the service connection sees both users (the seeds are there)', async () => {
    for (const table of USER_TABLES) expect(await rowsByUser(t.db, table)).toEqual([A, B]);
  });

  it.each(USER_TABLES)('A reads only its own rows of %s', async (table) => {
    const seen = await withUserScope(t.db, A, (tx) => rowsByUser(tx, table));
    expect(seen).toEqual([A]);
  });

  it.each(USER_TABLES)('A updates and deletes none of B\'s rows of %s', async (table) => {
    const changed = await withUserScope(t.db, A, async (tx) => {
      const updated = await sql`update ${sql.table(table)} set updated_at = now() where user_id = ${B} returning id`.execute(tx);
      const deleted = await sql`delete from ${sql.table(table)} where user_id = ${B} returning id`.execute(tx);
      return updated.rows.length + deleted.rows.length;
    });
    expect(changed).toBe(0);
  });

  it.each(USER_TABLES)('A cannot insert a row of %s for B', async (table) => {
    await expect(withUserScope(t.db, A, (tx) => NEW_ROW[table](B).execute(tx))).rejects.toThrow(/row-level security|row level security/i);
  });

  it.each(USER_TABLES)('A cannot hand its own row of %s over to B', async (table) => {
    await expect(
      withUserScope(t.db, A, (tx) => sql`update ${sql.table(table)} set user_id = ${B} where user_id = ${A}`.execute(tx)),
    ).rejects.toThrow(/row-level security|row level security/i);
  });

  it('A can still write its own rows (the policies are not simply closed)', async () => {
    const id = await withUserScope(t.db, A, async (tx) => {
      const { rows } = await NEW_ROW.projects(A).execute(tx);
      return (rows[0] as { id: string }).id;
    });
    expect(id).toBeTruthy();
  });

  it('A reaches neither planner_secrets nor the vault functions', async () => {
    await expect(withUserScope(t.db, A, (tx) => sql`select * from planner_secrets`.execute(tx))).rejects.toThrow(/permission denied/);
    await expect(
      withUserScope(t.db, A, (tx) => sql`insert into planner_secrets (ciphertext) values ('\\x00'::bytea)`.execute(tx)),
    ).rejects.toThrow(/permission denied/);
    await expect(withUserScope(t.db, A, (tx) => sql`select vault_create_secret('x')`.execute(tx))).rejects.toThrow(/permission denied/);
    const { rows } = await sql`select id from planner_secrets`.execute(t.db);
    await expect(
      withUserScope(t.db, A, (tx) => sql`select vault_get_secret(${(rows[0] as { id: string }).id}::uuid)`.execute(tx)),
    ).rejects.toThrow(/permission denied/);
  });

  it('after all of that, B\'s rows are exactly as they were', async () => {
    for (const table of USER_TABLES) {
      const now = (await sql`select * from ${sql.table(table)} where user_id = ${B} order by id`.execute(t.db)).rows;
      expect(now).toEqual(snapshotOfB[table]);
    }
  });

  it('every table in the public schema has row level security enabled', async () => {
    const { rows } = await sql<{ relname: string }>`
      select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind = 'r' and not c.relrowsecurity
       order by 1
    `.execute(t.db);
    expect(rows.map((r) => r.relname)).toEqual([]);
  });

  it('planner_schema_migrations shows an end user nothing, even with the grants Supabase gives new tables', async () => {
    expect((await sql`select name from planner_schema_migrations`.execute(t.db)).rows.length).toBeGreaterThan(0);
    // Supabase's default privileges grant every new public table to anon and authenticated.
    await sql`grant select, insert, update, delete on planner_schema_migrations to authenticated`.execute(t.db);
    try {
      const seen = await withUserScope(t.db, A, (tx) => sql`select name from planner_schema_migrations`.execute(tx));
      expect(seen.rows).toEqual([]);
      await expect(
        withUserScope(t.db, A, (tx) => sql`insert into planner_schema_migrations (name, checksum) values ('99_evil.sql', 'x')`.execute(tx)),
      ).rejects.toThrow(/row-level security|row level security/i);
    } finally {
      await sql`revoke all on planner_schema_migrations from authenticated`.execute(t.db);
    }
  });
});
