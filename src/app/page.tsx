import Link from 'next/link';

export default function HomePage() {
  return (
    <main className="landing">
      <header className="landing-header">
        <span className="brand">Planner</span>
        <nav>
          <Link href="/sign-in">Sign in</Link>
        </nav>
      </header>
      <section className="hero">
        <h1>Plan projects here. Live in Outlook.</h1>
        <p>
          Planner keeps your projects and tasks in step with Microsoft To Do. Create, edit, complete or
          delete a task on either side and it shows up on the other within seconds: nothing lost,
          duplicated or bounced back.
        </p>
        <div className="hero-actions">
          <Link className="button primary" href="/sign-in">
            Sign in
          </Link>
          <Link className="button" href="/sign-up">
            Create an account
          </Link>
        </div>
      </section>
    </main>
  );
}
