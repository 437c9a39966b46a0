import { plannerChangeStamp } from '@/server/tasks';
import { AppShell } from '../_components/app-shell';
import { LiveRefresh } from '../_components/live-refresh';
import { loadOverview, requirePageContext } from '../_lib/page-context';

export default async function PlannerLayout({ children }: { children: React.ReactNode }) {
  const { db, user } = await requirePageContext();
  const [overview, stamp] = await Promise.all([loadOverview(), plannerChangeStamp(db, user.id)]);
  return (
    <AppShell user={user} overview={overview}>
      <LiveRefresh stamp={stamp} />
      {children}
    </AppShell>
  );
}
