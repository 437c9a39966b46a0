'use server';
/**
 * Server actions behind the Planner UI. Each resolves the user from the request
 * cookies, calls one service, refreshes the rendered pages (no full reload) and
 * returns a result the UI can show: `{ok: true, data}` or `{ok: false, error}`.
 * Next.js checks the Origin of every server action (CSRF).
 */
import { revalidatePath } from 'next/cache';
import { logger } from '@/server/logger';
import {
  createProject,
  deleteProject,
  describeError,
  updateProject,
  type CreateProjectInput,
  type ProjectView,
  type UpdateProjectInput,
} from '@/server/projects';
import {
  createTask,
  deleteTask,
  reorderTask,
  restoreTask,
  updateTask,
  type CreateTaskInput,
  type TaskView,
  type UpdateTaskInput,
} from '@/server/tasks';
import { actionContext } from './page-context';
import type { ActionResult } from './action-result';

async function run<T>(work: (db: Awaited<ReturnType<typeof actionContext>>) => Promise<T>): Promise<ActionResult<T>> {
  try {
    const data = await work(await actionContext());
    revalidatePath('/', 'layout');
    return { ok: true, data };
  } catch (error) {
    const detail = describeError(error);
    if (detail) {
      const { status: _status, ...rest } = detail;
      return { ok: false, error: rest };
    }
    logger().error({ err: error }, 'server action failed');
    return { ok: false, error: { code: 'internal_error', message: 'Something went wrong. Please try again.' } };
  }
}

export async function createTaskAction(input: CreateTaskInput): Promise<ActionResult<TaskView>> {
  return run(({ db, user }) => createTask(db, user.id, input));
}

export async function updateTaskAction(taskId: string, input: UpdateTaskInput): Promise<ActionResult<TaskView>> {
  return run(({ db, user }) => updateTask(db, user.id, taskId, input));
}

export async function deleteTaskAction(taskId: string): Promise<ActionResult<TaskView>> {
  return run(({ db, user }) => deleteTask(db, user.id, taskId));
}

export async function restoreTaskAction(taskId: string): Promise<ActionResult<TaskView>> {
  return run(({ db, user }) => restoreTask(db, user.id, taskId));
}

export async function reorderTaskAction(taskId: string, afterId: string | null): Promise<ActionResult<TaskView>> {
  return run(({ db, user }) => reorderTask(db, user.id, taskId, { after_id: afterId }));
}

export async function createProjectAction(input: CreateProjectInput): Promise<ActionResult<ProjectView>> {
  return run(({ db, user }) => createProject(db, user.id, input));
}

export async function updateProjectAction(projectId: string, input: UpdateProjectInput): Promise<ActionResult<ProjectView>> {
  return run(({ db, user }) => updateProject(db, user.id, projectId, input));
}

export async function deleteProjectAction(projectId: string): Promise<ActionResult<ProjectView>> {
  return run(({ db, user }) => deleteProject(db, user.id, projectId));
}
