import Link from 'next/link';
import { redirect } from 'next/navigation';
import { currentUser } from '../_lib/page-context';

export default async function AuthLayout({ children }: { children: React.ReactNode }) {
  if (await currentUser()) redirect('/inbox');
  return (
    <main className="auth-page">
      <Link href="/" className="brand auth-brand">
        <span className="brand-mark" aria-hidden="true" />
        Planner
      </Link>
      <div className="card auth-card">{children}</div>
      <p className="auth-footnote">Projects and tasks, in step with Microsoft To Do.</p>
    </main>
  );
}
