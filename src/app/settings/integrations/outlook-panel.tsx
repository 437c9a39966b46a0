'use client';
/** The Outlook card: status in plain words and the Connect / Sync now / Reconnect / Disconnect actions. */
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import type { OutlookStatus } from '@/server/outlook/status';
import { syncNowAction } from './actions';
import { queueSummary, timeAgo } from './format';
import styles from './integrations.module.css';

const AUTHORIZE_URL = '/api/integrations/outlook/authorize';
const PAGE_PATH = '/settings/integrations';

const SYNC_NOW_MESSAGES: Record<string, string> = {
  enqueued: 'Sync queued: changes from Outlook arrive in a moment.',
  already_queued: 'A sync is already queued.',
  not_connected: 'Outlook is not connected.',
  needs_reconnect: 'Microsoft no longer accepts this connection: reconnect Outlook to sync.',
};

export function OutlookPanel({ status }: { status: OutlookStatus }) {
  return (
    <section className={`card ${styles.card}`} aria-labelledby="outlook-title" data-testid="outlook-card">
      <div className={styles.cardHead}>
        <h2 id="outlook-title">Microsoft Outlook (To Do)</h2>
        {status.sandbox && (
          <span className={styles.badge} title="Microsoft is the bundled emulator on this server">
            Sandbox
          </span>
        )}
      </div>
      {status.connected ? <Connected status={status} /> : <NotConnected />}
    </section>
  );
}

function NotConnected() {
  return (
    <>
      <p className={styles.lead} data-testid="outlook-state">
        Not connected. Connect your Microsoft account and each active project gets its own To Do list; tasks stay in step
        both ways.
      </p>
      <a className="button primary" href={AUTHORIZE_URL}>
        Connect Outlook
      </a>
    </>
  );
}

function Connected({ status }: { status: OutlookStatus }) {
  const account = status.account!;
  const who = account.displayName ? `${account.displayName} (${account.email ?? 'no e-mail'})` : (account.email ?? 'your account');
  return (
    <>
      <p className={styles.lead} data-testid="outlook-state">
        Connected as <strong data-testid="outlook-account">{who}</strong>
        {account.isSandbox ? ' — a sandbox account' : ''}.
      </p>
      {status.needsReconnect && (
        <div className={styles.warning} role="alert" data-testid="needs-reconnect">
          <p>
            <strong>Reconnect needed.</strong> Microsoft no longer accepts Planner&apos;s access to this account, so syncing is
            paused. Nothing is lost: your changes wait in the queue until you reconnect.
          </p>
          <a className="button primary" href={AUTHORIZE_URL}>
            Reconnect Outlook
          </a>
        </div>
      )}
      <dl className={styles.facts}>
        <dt>Last successful sync</dt>
        <dd data-testid="last-sync">{timeAgo(status.lastSyncAt)}</dd>
        <dt>Queue</dt>
        <dd data-testid="queue">{queueSummary(status.queue)}</dd>
        <dt>Last error</dt>
        <dd data-testid="last-error">{status.lastError ? `${status.lastError.message} (${timeAgo(status.lastError.at)})` : 'None'}</dd>
      </dl>
      <LinkedLists lists={status.lists} />
      <Actions needsReconnect={status.needsReconnect} />
    </>
  );
}

function LinkedLists({ lists }: { lists: OutlookStatus['lists'] }) {
  const shown = lists.filter((l) => l.isActive);
  return (
    <>
      <h3 className={styles.subhead}>Linked To Do lists</h3>
      {shown.length === 0 ? (
        <p className={styles.muted}>No lists linked yet.</p>
      ) : (
        <ul className={styles.lists} data-testid="linked-lists">
          {shown.map((l) => (
            <li key={`${l.projectId ?? 'inbox'}-${l.listName}`}>
              <span>{l.isDefault ? 'Inbox (tasks without a project)' : l.projectName}</span>
              <span className={styles.arrow} aria-hidden>
                →
              </span>
              <span className={styles.listName}>{l.listName}</span>
              {l.paused && <span className={styles.pausedTag}>paused</span>}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function Actions({ needsReconnect }: { needsReconnect: boolean }) {
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const [confirming, setConfirming] = useState(false);

  const syncNow = () =>
    startTransition(async () => {
      const result = await syncNowAction();
      setMessage(SYNC_NOW_MESSAGES[result]);
      router.replace(PAGE_PATH); // drops an old ?outlook=… banner and re-reads the status

    });

  const disconnect = () =>
    startTransition(async () => {
      const response = await fetch('/api/integrations/outlook/disconnect', { method: 'POST' });
      setConfirming(false);
      setMessage(response.ok ? 'Outlook is disconnected.' : 'Disconnecting failed. Try again.');
      router.replace(PAGE_PATH);
    });

  return (
    <div className={styles.actions}>
      <button type="button" className="button" onClick={syncNow} disabled={pending || needsReconnect}>
        Sync now
      </button>
      {!confirming ? (
        <button type="button" className={`button ${styles.danger}`} onClick={() => setConfirming(true)} disabled={pending}>
          Disconnect
        </button>
      ) : (
        <div className={styles.confirm} role="group" aria-label="Confirm disconnect">
          <span>Disconnect Outlook? Planner keeps your tasks and the lists stay in Outlook; syncing stops.</span>
          <button type="button" className={`button ${styles.dangerSolid}`} onClick={disconnect} disabled={pending}>
            Yes, disconnect
          </button>
          <button type="button" className="button" onClick={() => setConfirming(false)} disabled={pending}>
            Cancel
          </button>
        </div>
      )}
      {message && (
        <span className={styles.muted} role="status" data-testid="action-message">
          {message}
        </span>
      )}
    </div>
  );
}
