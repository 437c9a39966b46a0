/** Settings → Integrations: connect Outlook, see the sync in plain words, sync now, reconnect, disconnect. */
import Link from 'next/link';
import { headers } from 'next/headers';
import { CONNECTED_MESSAGE, connectErrorMessage } from '@/server/outlook/connect-messages';
import { loadIntegrationsView } from '@/server/outlook/integrations-view';
import { OutlookPanel } from './outlook-panel';
import styles from './integrations.module.css';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Integrations · Planner' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function IntegrationsPage({ searchParams }: { searchParams: SearchParams }) {
  const query = await searchParams;
  const flash = flashOf(query);
  const view = await loadIntegrationsView(await headers());
  return (
    <main className={styles.page}>
      <header className={styles.header}>
        <Link href="/" className="brand">
          Planner
        </Link>
        <span className={styles.crumb}>Settings › Integrations</span>
      </header>
      <h1 className={styles.title}>Integrations</h1>
      {flash && (
        <p className={flash.kind === 'ok' ? styles.flashOk : styles.flashError} role={flash.kind === 'ok' ? 'status' : 'alert'} data-testid="flash">
          {flash.text}
        </p>
      )}
      {view ? (
        <OutlookPanel status={view.status} />
      ) : (
        <section className={styles.card}>
          <p>Sign in to connect Outlook and manage your integrations.</p>
          <Link className="button primary" href="/sign-in?next=/settings/integrations">
            Sign in
          </Link>
        </section>
      )}
    </main>
  );
}

function flashOf(query: Record<string, string | string[] | undefined>): { kind: 'ok' | 'error'; text: string } | null {
  const error = connectErrorMessage(single(query.outlook_error));
  if (error) return { kind: 'error', text: error };
  const outcome = single(query.outlook);
  if (outcome === 'connected') return { kind: 'ok', text: CONNECTED_MESSAGE };
  if (outcome === 'reconnected') return { kind: 'ok', text: 'Outlook is reconnected. Syncing has resumed.' };
  return null;
}

function single(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
