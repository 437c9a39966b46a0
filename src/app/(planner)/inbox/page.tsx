import type { Metadata } from 'next';
import { listTasks } from '@/server/tasks';
import { TaskBoard } from '../../_components/task-board';
import { listOptions } from '../../_lib/list-options';
import { loadOverview, requirePageContext } from '../../_lib/page-context';

export const metadata: Metadata = { title: 'Inbox · Planner' };

export default async function InboxPage() {
  const { db, user } = await requirePageContext();
  const [tasks, overview] = await Promise.all([listTasks(db, user.id, { project: 'inbox', status: 'all' }), loadOverview()]);
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1 className="page-title">Inbox</h1>
          <p className="page-subtitle">
            Tasks that don’t belong to a project yet.
            {overview.connected ? ' They sync to the “Planner Inbox” list in Outlook.' : ''}
          </p>
        </div>
      </header>
      <TaskBoard tasks={tasks} list={{ projectId: null, name: 'Inbox' }} lists={listOptions(overview.projects, null)} />
    </div>
  );
}
