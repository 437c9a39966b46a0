/**
 * The signed-in frame: navigation (Inbox, projects, closed projects, settings)
 * beside the page. Used by the (planner) pages and by /settings/*.
 */
import type { SessionUser } from '@/server/auth/session';
import type { PlannerOverview } from '@/server/projects';
import { LocaleProvider } from '../_lib/locale';
import { requestLocale } from '../_lib/request-locale';
import { ListCountsProvider } from './list-counts';
import { Sidebar } from './sidebar';

export async function AppShell({ user, overview, children }: { user: SessionUser; overview: PlannerOverview; children: React.ReactNode }) {
  return (
    <LocaleProvider locale={await requestLocale()}>
      <ListCountsProvider>
        <div className="shell">
          <a className="skip-link" href="#main">
            Skip to content
          </a>
          <Sidebar user={user} overview={overview} />
          <main className="main" id="main" tabIndex={-1}>
            {children}
          </main>
        </div>
      </ListCountsProvider>
    </LocaleProvider>
  );
}
