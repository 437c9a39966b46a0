'use client';
/** App navigation: Inbox, Projects, each active project with its open count, closed projects, settings, account. */
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useState } from 'react';
import type { SessionUser } from '@/server/auth/session';
import type { PlannerOverview, ProjectView } from '@/server/projects';
import { INBOX_KEY, useListCounts } from './list-counts';
import { ChevronIcon, CloudIcon, FlagIcon, GridIcon, InboxIcon, MenuIcon, ProjectIcon, SettingsIcon } from './icons';
import { NewProjectForm } from './new-project-form';
import { SignOutButton } from './sign-out-button';

function NavLink({ href, icon, label, count, closed }: { href: string; icon: React.ReactNode; label: string; count?: number; closed?: boolean }) {
  const pathname = usePathname();
  const active = pathname === href;
  return (
    <Link href={href} className={`nav-link${active ? ' active' : ''}${closed ? ' closed' : ''}`} aria-current={active ? 'page' : undefined}>
      <span className="nav-icon">{icon}</span>
      <span className="nav-label">{label}</span>
      {count ? <span className="nav-count" aria-label={`${count} open`}>{count}</span> : null}
    </Link>
  );
}

function ProjectLink({ project: p }: { project: ProjectView }) {
  const { open } = useListCounts(p.id, { open: p.open_count, total: p.total_count });
  return <NavLink href={`/projects/${p.id}`} icon={<ProjectIcon />} label={p.name} count={p.is_closed ? undefined : open} closed={p.is_closed} />;
}

function InboxLink({ serverOpen }: { serverOpen: number }) {
  const { open } = useListCounts(INBOX_KEY, { open: serverOpen, total: serverOpen });
  return <NavLink href="/inbox" icon={<InboxIcon />} label="Inbox" count={open} />;
}

function ProjectLinks({ projects }: { projects: ProjectView[] }) {
  return (
    <ul className="nav-list" role="list">
      {projects.map((p) => (
        <li key={p.id}>
          <ProjectLink project={p} />
        </li>
      ))}
    </ul>
  );
}

export function Sidebar({ user, overview }: { user: SessionUser; overview: PlannerOverview }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  const active = overview.projects.filter((p) => !p.is_closed);
  const closed = overview.projects.filter((p) => p.is_closed);
  useEffect(() => setOpen(false), [pathname]);

  return (
    <aside className={`sidebar${open ? ' open' : ''}`} aria-label="Planner navigation">
      <div className="sidebar-inner">
        <div className="sidebar-top">
          <Link href="/inbox" className="brand">
            <span className="brand-mark" aria-hidden="true" />
            Planner
          </Link>
          <button type="button" className="icon-button menu-toggle" aria-expanded={open} aria-controls="sidebar-body" onClick={() => setOpen(!open)}>
            <MenuIcon size={20} />
            <span className="sr-only">Menu</span>
          </button>
        </div>
        <div className="sidebar-body" id="sidebar-body">
          <nav aria-label="Lists">
            <ul className="nav-list" role="list">
              <li>
                <InboxLink serverOpen={overview.inboxOpenCount} />
              </li>
              <li>
                <NavLink href="/projects" icon={<GridIcon />} label="All projects" />
              </li>
            </ul>
            <h2 className="nav-heading">Projects</h2>
            {active.length ? <ProjectLinks projects={active} /> : <p className="nav-empty">No active projects</p>}
            <NewProjectForm />
            {closed.length ? (
              <details className="nav-closed">
                <summary>
                  <ChevronIcon size={14} className="chevron" />
                  Closed <span className="nav-count subtle">{closed.length}</span>
                </summary>
                <ProjectLinks projects={closed} />
              </details>
            ) : null}
          </nav>
          <div className="sidebar-footer">
            <h2 className="nav-heading">Settings</h2>
            <ul className="nav-list" role="list">
              <li>
                <NavLink href="/settings/integrations" icon={overview.connected ? <CloudIcon /> : <SettingsIcon />} label="Integrations" />
              </li>
              {overview.connected ? (
                <li>
                  <NavLink href="/conflicts" icon={<FlagIcon />} label="Sync conflicts" />
                </li>
              ) : null}
            </ul>
            <div className="account">
              <div className="account-who">
                <span className="avatar" aria-hidden="true">
                  {(user.name || user.email).slice(0, 1).toUpperCase()}
                </span>
                <span className="account-text">
                  <span className="account-name">{user.name}</span>
                  <span className="account-email">{user.email}</span>
                </span>
              </div>
              <SignOutButton />
            </div>
          </div>
        </div>
      </div>
    </aside>
  );
}
