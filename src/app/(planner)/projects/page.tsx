import type { Metadata } from 'next';
import Link from 'next/link';
import type { ProjectView } from '@/server/projects';
import { NewProjectForm } from '../../_components/new-project-form';
import { loadOverview } from '../../_lib/page-context';

export const metadata: Metadata = { title: 'Projects · Planner' };

function ProjectCard({ project }: { project: ProjectView }) {
  const done = project.total_count - project.open_count;
  const percent = project.total_count ? Math.round((done / project.total_count) * 100) : 0;
  return (
    <li>
      <Link href={`/projects/${project.id}`} className={`project-card${project.is_closed ? ' closed' : ''}`}>
        <span className="project-card-top">
          <span className="project-card-name">{project.name}</span>
          {project.is_closed ? <span className={`status-badge ${project.status.toLowerCase()}`}>{project.status}</span> : null}
        </span>
        <span className="project-card-counts">
          {project.open_count} open · {project.total_count} total
        </span>
        <span className="progress" role="progressbar" aria-label={`${project.name} progress`} aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
          <span className="progress-bar" style={{ width: `${percent}%` }} />
        </span>
        {project.sync ? (
          <span className={`project-card-sync${project.sync.linked ? ' linked' : ''}`}>
            {project.is_closed ? 'Sync paused' : project.sync.linked ? `Outlook: ${project.sync.list_name}` : 'Outlook list pending'}
          </span>
        ) : null}
      </Link>
    </li>
  );
}

export default async function ProjectsPage() {
  const { projects } = await loadOverview();
  const active = projects.filter((p) => !p.is_closed);
  const closed = projects.filter((p) => p.is_closed);
  return (
    <div className="page wide">
      <header className="page-header">
        <div>
          <h1 className="page-title">Projects</h1>
          <p className="page-subtitle">
            {active.length} active{closed.length ? ` · ${closed.length} closed` : ''}
          </p>
        </div>
      </header>
      <NewProjectForm variant="page" />
      {active.length ? (
        <ul className="project-grid" role="list" aria-label="Active projects">
          {active.map((p) => (
            <ProjectCard key={p.id} project={p} />
          ))}
        </ul>
      ) : (
        <p className="empty">No active projects. Name one above to get started.</p>
      )}
      {closed.length ? (
        <section className="closed-section" aria-labelledby="closed-heading">
          <h2 id="closed-heading" className="section-title">
            Closed
          </h2>
          <ul className="project-grid" role="list" aria-label="Closed projects">
            {closed.map((p) => (
              <ProjectCard key={p.id} project={p} />
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
