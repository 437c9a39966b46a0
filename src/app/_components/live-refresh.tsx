'use client';
/**
 * Shows arriving changes without a reload (issue 13 §1): while the tab is visible it asks
 * GET /api/changes every LIVE_REFRESH_MS for the user's change stamp and, when it differs
 * from the one the page was rendered with, re-renders the server parts of the page
 * (router.refresh keeps client state: an open editor, the typed text, focus). A tab that
 * comes back into view checks at once. Signed out (401): it stops.
 */
import { useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';

export const LIVE_REFRESH_MS = 1_500;

export function LiveRefresh({ stamp }: { stamp: string }) {
  const router = useRouter();
  const seen = useRef(stamp);

  useEffect(() => {
    seen.current = stamp;
  }, [stamp]);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      clearTimeout(timer);
      if (!stopped) timer = setTimeout(() => void check(), LIVE_REFRESH_MS);
    };
    async function check(): Promise<void> {
      if (document.visibilityState === 'visible') {
        try {
          const response = await fetch('/api/changes', { cache: 'no-store', headers: { accept: 'application/json' } });
          if (response.status === 401) return; // signed out: nothing to follow
          if (response.ok) {
            const { stamp: latest } = (await response.json()) as { stamp: string };
            if (latest !== seen.current) {
              seen.current = latest;
              router.refresh();
            }
          }
        } catch {
          // offline or restarting: try again at the next tick
        }
      }
      schedule();
    }
    const onVisible = () => {
      if (document.visibilityState === 'visible') void check();
    };
    schedule();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [router]);

  return <span hidden data-live-refresh={stamp} />;
}
