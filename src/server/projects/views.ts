/** How a project is shown to its owner (UI and JSON API). */
import type { ProjectWithCounts } from '../../db/projects-repository';
import type { Project, ProjectOutlookList, ProjectStatus } from '../../db/schema';

export interface ProjectListSync {
  /** true when the project has an active To Do list. */
  linked: boolean;
  list_name: string | null;
  /** The later of the last pull of its list and the last push of one of its changes. */
  last_synced_at: string | null;
  paused: boolean;
}

export interface ProjectView {
  id: string;
  name: string;
  status: ProjectStatus;
  is_closed: boolean;
  /** 'todo' when the project came from a list someone created in To Do (decision 0060). */
  origin: 'planner' | 'todo';
  position: number;
  open_count: number;
  total_count: number;
  created_at: string;
  updated_at: string;
  /** Present once the user has connected Outlook. */
  sync?: ProjectListSync;
}

export function isClosedStatus(status: ProjectStatus): boolean {
  return status !== 'Active';
}

function iso(value: Date | string | null): string | null {
  if (value === null) return null;
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}

function later(a: Date | string | null | undefined, b: Date | undefined): Date | string | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return new Date(a).getTime() >= b.getTime() ? a : b;
}

/** `lastUploadAt`: when the project's last push job completed (uploads count as syncing too). */
export function toListSync(link: ProjectOutlookList | undefined, lastUploadAt?: Date): ProjectListSync {
  return {
    linked: Boolean(link?.is_active && link.graph_list_id),
    list_name: link?.graph_list_name ?? null,
    last_synced_at: iso(link ? later(link.last_synced_at, lastUploadAt) : null),
    paused: Boolean(link?.sync_paused_at),
  };
}

export function toProjectView(
  project: Project & Partial<Pick<ProjectWithCounts, 'open_count' | 'total_count'>>,
  sync?: ProjectListSync,
): ProjectView {
  return {
    id: project.id,
    name: project.name,
    status: project.status,
    is_closed: isClosedStatus(project.status),
    origin: project.origin ?? 'planner',
    position: project.position,
    open_count: project.open_count ?? 0,
    total_count: project.total_count ?? 0,
    created_at: iso(project.created_at)!,
    updated_at: iso(project.updated_at)!,
    ...(sync ? { sync } : {}),
  };
}
