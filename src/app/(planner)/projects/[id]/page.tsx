import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getProject, NotFoundError } from '@/server/projects';
import { listTasks } from '@/server/tasks';
import { ProjectHeader } from '../../../_components/project-header';
import { TaskBoard } from '../../../_components/task-board';
import { listOptions } from '../../../_lib/list-options';
import { loadOverview, requirePageContext } from '../../../_lib/page-context';

type Params = { params: Promise<{ id: string }> };

async function load(id: string) {
  const { db, user } = await requirePageContext();
  try {
    const [project, tasks] = await Promise.all([getProject(db, user.id, id), listTasks(db, user.id, { project: id, status: 'all' })]);
    return { project, tasks };
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { project } = await load((await params).id);
  return { title: `${project.name} · Planner` };
}

export default async function ProjectPage({ params }: Params) {
  const { id } = await params;
  const [{ project, tasks }, overview] = await Promise.all([load(id), loadOverview()]);
  return (
    <div className="page">
      <ProjectHeader project={project} />
      <TaskBoard tasks={tasks} list={{ projectId: project.id, name: project.name }} lists={listOptions(overview.projects, project.id)} />
    </div>
  );
}
