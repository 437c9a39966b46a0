'use client';
/** Refreshes the dashboard on demand and every minute while the tab is visible. */
import { useRouter } from 'next/navigation';
import { useEffect, useTransition } from 'react';
import { utc } from './format';
import styles from './admin.module.css';

const AUTO_REFRESH_MS = 60_000;

export function RefreshButton({ generatedAt }: { generatedAt: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') startTransition(() => router.refresh());
    }, AUTO_REFRESH_MS);
    return () => clearInterval(timer);
  }, [router]);
  return (
    <button type="button" className={`button ${styles.refresh}`} onClick={() => startTransition(() => router.refresh())} disabled={pending} title={`Report from ${utc(generatedAt)}`}>
      {pending ? 'Refreshing…' : 'Refresh'}
    </button>
  );
}
