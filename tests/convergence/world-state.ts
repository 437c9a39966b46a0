/**
 * Reading both sides of a world: Planner's rows (through SQL) and the mailbox (through
 * the emulator's control API), in a stable order so command indexes are repeatable.
 */
import { sql } from 'kysely';
import type { ListView, TaskView } from '../../emulator/index';
import type { Project, ProjectOutlookList, Task } from '../../src/db/schema';
import type { World } from './world';

export const TOKEN = /^T\d+\b/;

export function tokenOf(title: string | null | undefined): string | null {
  return TOKEN.exec(title ?? '')?.[0] ?? null;
}

export async function plannerProjects(world: World): Promise<Project[]> {
  return world.db.selectFrom('projects').selectAll().where('user_id', '=', world.userId).orderBy('created_at').orderBy('id').execute();
}

export async function livePlannerTasks(world: World): Promise<Task[]> {
  return world.db
    .selectFrom('tasks')
    .selectAll()
    .where('user_id', '=', world.userId)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function activeMappings(world: World): Promise<ProjectOutlookList[]> {
  return world.db.selectFrom('project_outlook_lists').selectAll().where('user_id', '=', world.userId).where('is_active', '=', true).execute();
}

/** The mailbox's live lists, each with its tasks. */
export async function remoteLists(world: World): Promise<ListView[]> {
  return (await world.emulator.control.mailbox(world.mailboxId)).lists.filter((l) => !l.deleted);
}

export interface RemoteTask {
  list: ListView;
  task: TaskView;
}

export function remoteTasksOf(lists: ListView[]): RemoteTask[] {
  return lists.flatMap((list) => list.tasks.map((task) => ({ list, task })));
}

/** Lists the user can rename or delete (not the built-in Tasks / Flagged email lists). */
export const isOwnList = (list: ListView) => (list.wellknownListName ?? 'none') === 'none';

/** Planner's externalId on a To Do task (the linkedResource back to Planner). */
export function plannerIdOf(task: TaskView): string | null {
  const links = (task.linkedResources ?? []) as { externalId?: string | null }[];
  return links.find((l) => l.externalId)?.externalId ?? null;
}

/** Counts of Planner rows that a sync could write, to prove a further sync writes nothing. */
export async function plannerFingerprint(world: World): Promise<string> {
  const r = await sql<{ tasks: string; projects: string }>`
    select
      (select coalesce(string_agg(id || ':' || version || ':' || coalesce(deleted_at::text, '') || ':' || updated_at::text, ',' order by id), '')
         from tasks where user_id = ${world.userId}) as tasks,
      (select coalesce(string_agg(id || ':' || name || ':' || status || ':' || updated_at::text, ',' order by id), '')
         from projects where user_id = ${world.userId}) as projects`.execute(world.db);
  return `${r.rows[0].tasks}|${r.rows[0].projects}`;
}

/** Graph writes (POST/PATCH/DELETE, $batch items included) the emulator has seen. */
export async function graphWriteCount(world: World): Promise<number> {
  const { requests } = await world.emulator.control.stats();
  let writes = 0;
  for (const [route, byStatus] of Object.entries(requests)) {
    if (!/^(POST|PATCH|DELETE|PUT) \/v1\.0\//.test(route) || route.endsWith('/$batch')) continue;
    writes += Object.values(byStatus).reduce((a, b) => a + b, 0);
  }
  return writes;
}
