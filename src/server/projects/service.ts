/**
 * Projects: create, rename, change status, delete, list. Every change runs in one
 * transaction (under the user's row-level-security scope) together with its
 * sync job: create/rename/status → 'project_sync', delete → 'project_delete'.
 */
import type { Db, Tx } from '../../db/client';
import {
  countOpenInboxTasks,
  deleteProjectRow,
  findProject,
  findProjectListLink,
  hasOutlookConnection,
  insertProject,
  listLastUploads,
  listProjectListLinks,
  listProjectsWithCounts,
  updateProjectRow,
} from '../../db/projects-repository';
import { withUserScope } from '../../db/rls';
import type { ProjectStatus } from '../../db/schema';
import { enqueueTaskSyncJob } from '../../jobs/queue';
import { NotFoundError } from './errors';
import { createProjectInput, updateProjectInput, uuid, type CreateProjectInput, type UpdateProjectInput } from './schemas';
import { toListSync, toProjectView, type ProjectView } from './views';

/** A well-formed id, or NotFoundError (a malformed id names no project). */
export function parseProjectId(id: unknown): string {
  const parsed = uuid.safeParse(id);
  if (!parsed.success) throw new NotFoundError('project');
  return parsed.data;
}

async function requireProject(tx: Tx, userId: string, projectId: string) {
  const project = await findProject(tx, userId, parseProjectId(projectId));
  if (!project) throw new NotFoundError('project');
  return project;
}

export async function listProjects(db: Db, userId: string): Promise<ProjectView[]> {
  return withUserScope(db, userId, async (tx) => {
    const projects = await listProjectsWithCounts(tx, userId);
    if (!(await hasOutlookConnection(tx, userId))) return projects.map((p) => toProjectView(p));
    const links = await listProjectListLinks(tx, userId);
    const uploads = await listLastUploads(tx, userId);
    return projects.map((p) => toProjectView(p, toListSync(links.get(p.id), uploads.get(p.id))));
  });
}

export async function getProject(db: Db, userId: string, projectId: string): Promise<ProjectView> {
  const id = parseProjectId(projectId);
  const all = await listProjects(db, userId);
  const project = all.find((p) => p.id === id);
  if (!project) throw new NotFoundError('project');
  return project;
}

export async function createProject(db: Db, userId: string, input: CreateProjectInput): Promise<ProjectView> {
  const values = createProjectInput.parse(input);
  return withUserScope(db, userId, async (tx) => {
    const project = await insertProject(tx, { userId, ...values });
    await enqueueTaskSyncJob(tx, { userId, action: 'project_sync', projectId: project.id, payload: { reason: 'create' } });
    return toProjectView(project);
  });
}

/** Renames and/or changes status in one step; one 'project_sync' job when anything changed. */
export async function updateProject(db: Db, userId: string, projectId: string, input: UpdateProjectInput): Promise<ProjectView> {
  const changes = updateProjectInput.parse(input);
  return withUserScope(db, userId, async (tx) => {
    const before = await requireProject(tx, userId, projectId);
    const renamed = changes.name !== undefined && changes.name !== before.name;
    const statusChanged = changes.status !== undefined && changes.status !== before.status;
    if (!renamed && !statusChanged) return toProjectView(before);
    const after = (await updateProjectRow(tx, userId, before.id, changes))!;
    const reason = statusChanged ? 'status' : 'rename';
    await enqueueTaskSyncJob(tx, { userId, action: 'project_sync', projectId: after.id, payload: { reason } });
    return toProjectView(after);
  });
}

export function renameProject(db: Db, userId: string, projectId: string, name: string): Promise<ProjectView> {
  return updateProject(db, userId, projectId, { name });
}

export function setProjectStatus(db: Db, userId: string, projectId: string, status: ProjectStatus): Promise<ProjectView> {
  return updateProject(db, userId, projectId, { status });
}

/** Deletes the project and its tasks; queues the removal of its To Do list. */
export async function deleteProject(db: Db, userId: string, projectId: string): Promise<ProjectView> {
  return withUserScope(db, userId, async (tx) => {
    const project = await requireProject(tx, userId, projectId);
    const link = await findProjectListLink(tx, project.id);
    await deleteProjectRow(tx, userId, project.id);
    await enqueueTaskSyncJob(tx, {
      userId,
      action: 'project_delete',
      projectId: project.id,
      payload: { graphListId: link?.graph_list_id ?? null, listName: link?.graph_list_name ?? null, projectName: project.name },
    });
    return toProjectView(project);
  });
}

export interface PlannerOverview {
  projects: ProjectView[];
  inboxOpenCount: number;
  /** The user has connected Outlook: show sync status. */
  connected: boolean;
}

/** Everything the app's navigation shows: projects with counts, the Inbox badge, connection state. */
export async function getPlannerOverview(db: Db, userId: string): Promise<PlannerOverview> {
  const projects = await listProjects(db, userId);
  return withUserScope(db, userId, async (tx) => ({
    projects,
    inboxOpenCount: await countOpenInboxTasks(tx, userId),
    connected: await hasOutlookConnection(tx, userId),
  }));
}
