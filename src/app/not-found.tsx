import Link from 'next/link';
import { currentUser } from './_lib/page-context';

export default async function NotFound() {
  const user = await currentUser();
  return (
    <main className="centered-page">
      <div className="card narrow">
        <h1 className="page-title">Not found</h1>
        <p className="page-subtitle">That page or project doesn’t exist, or it isn’t yours.</p>
        {user ? (
          <p className="page-subtitle" data-testid="operator-hint">
            Looking for the operations dashboard? /admin opens only for operators: whoever runs this Planner grants it with{' '}
            <code>npm run planner -- admin grant {user.email}</code> (on your own machine, stop <code>npm start</code>, run it, and start again).
          </p>
        ) : null}
        <Link className="button primary" href="/inbox">
          Back to Inbox
        </Link>
      </div>
    </main>
  );
}
