'use client';
/**
 * Live task counts of the list on screen. The open list (TaskBoard) shows its optimistic
 * tasks at once, while the sidebar and the project header were rendered by the server; so
 * the board publishes its counts here and they read them, falling back to the server's
 * figures for lists not on screen. Both then always agree with the rows shown.
 */
import { createContext, useCallback, useContext, useLayoutEffect, useMemo, useState } from 'react';

export interface ListCounts {
  open: number;
  total: number;
}

/** The Inbox's key; projects use their id. */
export const INBOX_KEY = 'inbox';

interface Registry {
  counts: Record<string, ListCounts>;
  publish(key: string, counts: ListCounts | null): void;
}

const CountsContext = createContext<Registry>({ counts: {}, publish: () => {} });

export function ListCountsProvider({ children }: { children: React.ReactNode }) {
  const [counts, setCounts] = useState<Record<string, ListCounts>>({});
  const publish = useCallback((key: string, next: ListCounts | null) => {
    setCounts((all) => {
      const current = all[key];
      if (next === null) {
        if (!current) return all;
        const rest = { ...all };
        delete rest[key];
        return rest;
      }
      if (current && current.open === next.open && current.total === next.total) return all;
      return { ...all, [key]: next };
    });
  }, []);
  const value = useMemo(() => ({ counts, publish }), [counts, publish]);
  return <CountsContext.Provider value={value}>{children}</CountsContext.Provider>;
}

/** The board's side: publish before paint, so no frame shows rows and counts that differ. */
export function usePublishListCounts(key: string, open: number, total: number): void {
  const { publish } = useContext(CountsContext);
  useLayoutEffect(() => publish(key, { open, total }), [publish, key, open, total]);
  useLayoutEffect(() => () => publish(key, null), [publish, key]);
}

/** The list's live counts when it is on screen, else the server's. */
export function useListCounts(key: string, fallback: ListCounts): ListCounts {
  return useContext(CountsContext).counts[key] ?? fallback;
}
