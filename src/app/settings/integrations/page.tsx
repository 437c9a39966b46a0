/** Settings → Integrations: connect Outlook, see the sync in plain words, sync now, reconnect, disconnect. */
import Link from 'next/link';
import { headers } from 'next/headers';
import { CONNECTED_MESSAGE, connectErrorMessage } from '@/server/outlook/connect-messages';
import { loadIntegrationsView } from '@/server/outlook/integrations-view';
import { loadSettings } from '../../_lib/page-context';
import { OutlookPanel } from './outlook-panel';
import { SyncSettingsPanel } from './sync-settings-panel';
import styles from './integrations.module.css';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Integrations · Planner' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function IntegrationsPage({ searchParams }: { searchParams: SearchParams }) {
  const query = await searchParams;
  const flash = flashOf(query);
  const view = await loadIntegrationsView(await headers());
  return (
    <div className="page">
      <header className="page-header">
        <div className="page-header-main">
          <h1 className="page-title">Integrations</h1>
          <p className="page-subtitle">Keep Planner and Microsoft To Do in step, both ways.</p>
        </div>
      </header>
      {flash && (
        <p className={flash.kind === 'ok' ? styles.flashOk : styles.flashError} role={flash.kind === 'ok' ? 'status' : 'alert'} data-testid="flash">
          {flash.text}
        </p>
      )}
      {view ? (
        <>
          <OutlookPanel status={view.status} />
          <SyncSettingsPanel settings={await loadSettings()} />
        </>
      ) : (
        <section className={`card ${styles.card}`}>
          <p className={styles.lead}>Sign in to connect Outlook and manage your integrations.</p>
          <Link className="button primary" href="/sign-in">
            Sign in
          </Link>
        </section>
      )}
    </div>
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
