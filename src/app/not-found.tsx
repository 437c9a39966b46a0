import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="centered-page">
      <div className="card narrow">
        <h1 className="page-title">Not found</h1>
        <p className="page-subtitle">That page or project doesn’t exist, or it isn’t yours.</p>
        <Link className="button primary" href="/inbox">
          Back to Inbox
        </Link>
      </div>
    </main>
  );
}
