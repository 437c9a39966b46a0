'use client';
/**
 * The browser's calls to Planner's JSON API (/api/projects, /api/tasks). Requests
 * go out one at a time, in the order the user made the changes, so the server
 * applies them in that order. Answers come back as ActionResult: the saved
 * object, or the API's `{code, message, field?}` error.
 */
import type { CreateProjectInput, ProjectView, UpdateProjectInput } from '@/server/projects';
import type { CreateTaskInput, TaskView, UpdateTaskInput } from '@/server/tasks';
import type { ActionResult } from './action-result';

let queue: Promise<unknown> = Promise.resolve();

async function send<T>(method: string, path: string, body?: unknown): Promise<ActionResult<T>> {
  try {
    const response = await fetch(path, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
    const json = await response.json().catch(() => ({}));
    if (response.ok) return { ok: true, data: Object.values(json)[0] as T };
    if (response.status === 401) window.location.assign('/sign-in');
    return { ok: false, error: json.error ?? { code: 'http_' + response.status, message: 'Something went wrong. Please try again.' } };
  } catch {
    return { ok: false, error: { code: 'network', message: 'Can’t reach Planner. Check your connection and try again.' } };
  }
}

function enqueue<T>(method: string, path: string, body?: unknown): Promise<ActionResult<T>> {
  const next = queue.then(() => send<T>(method, path, body));
  queue = next;
  return next;
}

export const api = {
  createTask: (input: CreateTaskInput) => enqueue<TaskView>('POST', '/api/tasks', input),
  updateTask: (id: string, input: UpdateTaskInput) => enqueue<TaskView>('PATCH', `/api/tasks/${id}`, input),
  deleteTask: (id: string) => enqueue<TaskView>('DELETE', `/api/tasks/${id}`),
  restoreTask: (id: string) => enqueue<TaskView>('POST', `/api/tasks/${id}/restore`),
  reorderTask: (id: string, afterId: string | null) => enqueue<TaskView>('POST', `/api/tasks/${id}/reorder`, { after_id: afterId }),
  createProject: (input: CreateProjectInput) => enqueue<ProjectView>('POST', '/api/projects', input),
  updateProject: (id: string, input: UpdateProjectInput) => enqueue<ProjectView>('PATCH', `/api/projects/${id}`, input),
  deleteProject: (id: string) => enqueue<ProjectView>('DELETE', `/api/projects/${id}`),
};
