/**
 * The signed-in frame: navigation (Inbox, projects, closed projects, settings)
 * beside the page. Used by the (planner) pages and by /settings/*.
 */
import type { SessionUser } from '@/server/auth/session';
import type { PlannerOverview } from '@/server/projects';
import { LocaleProvider } from '../_lib/locale';
import { loadSettings } from '../_lib/page-context';
import { requestLocale } from '../_lib/request-locale';
import { TimeZoneProvider } from '../_lib/time-zone';
import { ListCountsProvider } from './list-counts';
import { Sidebar } from './sidebar';

export async function AppShell({ user, overview, children }: { user: SessionUser; overview: PlannerOverview; children: React.ReactNode }) {
  const [locale, settings] = await Promise.all([requestLocale(), loadSettings()]);
  return (
    <LocaleProvider locale={locale}>
      <TimeZoneProvider zone={settings.time_zone ?? 'UTC'}>
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
      </TimeZoneProvider>
    </LocaleProvider>
  );
}
