import Link from 'next/link';
import { redirect } from 'next/navigation';
import { currentUser } from './_lib/page-context';

export const dynamic = 'force-dynamic';

export default async function HomePage() {
  if (await currentUser()) redirect('/inbox');
  return (
    <main className="landing">
      <header className="landing-header">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Planner
        </span>
        <nav aria-label="Account">
          <Link href="/sign-in" className="button ghost small">
            Sign in
          </Link>
        </nav>
      </header>
      <section className="hero">
        <h1>Plan projects here. Live in Outlook.</h1>
        <p>
          Planner keeps your projects and tasks in step with Microsoft To Do. Create, edit, complete or delete a task on either side
          and it shows up on the other: nothing lost, duplicated or bounced back.
        </p>
        <div className="hero-actions">
          <Link className="button primary" href="/sign-up">
            Create an account
          </Link>
          <Link className="button" href="/sign-in">
            Sign in
          </Link>
        </div>
      </section>
      <ul className="feature-list" role="list">
        <li>
          <strong>Calm lists</strong>
          <span>An Inbox for loose ends and one list per project. Enter adds the next task.</span>
        </li>
        <li>
          <strong>Two-way To Do sync</strong>
          <span>Each project becomes a To Do list; edits flow both ways, with status you can see.</span>
        </li>
        <li>
          <strong>Keyboard first</strong>
          <span>Add, reorder, complete and undo without reaching for the mouse.</span>
        </li>
      </ul>
    </main>
  );
}
