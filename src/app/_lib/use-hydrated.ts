'use client';
import { useSyncExternalStore } from 'react';

const noSubscription = () => () => {};

/**
 * False in the server's HTML and until React has attached its handlers, then true.
 * Controls that save on change (a select, a checkbox) stay disabled until then, so a
 * choice made in the first moments of a slow page load is not silently dropped.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
