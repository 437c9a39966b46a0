'use client';
/** Re-renders the server parts of the page (navigation counts, headers) shortly after a change, once per burst. */
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef } from 'react';

const REFRESH_DELAY_MS = 120;

export function useRefreshSoon(): () => void {
  const router = useRouter();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => router.refresh(), REFRESH_DELAY_MS);
  }, [router]);
}
