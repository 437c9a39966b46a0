/** The lists a task can live in: the Inbox, every active project, and its own (even if closed). */
import type { ProjectView } from '@/server/projects';

export interface ListOption {
  id: string | null;
  name: string;
}

export function listOptions(projects: ProjectView[], currentProjectId: string | null): ListOption[] {
  const usable = projects.filter((p) => !p.is_closed || p.id === currentProjectId);
  return [{ id: null, name: 'Inbox' }, ...usable.map((p) => ({ id: p.id, name: p.is_closed ? `${p.name} (${p.status.toLowerCase()})` : p.name }))];
}
