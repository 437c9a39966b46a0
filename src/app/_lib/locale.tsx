'use client';
/**
 * The viewer's locale for dates: the browser's first Accept-Language, read on the server
 * (request-locale.ts) and handed to client components here, so the server render and the
 * browser format the same dates the same way (no hydration flash).
 */
import { createContext, useContext } from 'react';

export const FALLBACK_LOCALE = 'en-GB';

const LocaleContext = createContext(FALLBACK_LOCALE);

export function LocaleProvider({ locale, children }: { locale: string; children: React.ReactNode }) {
  return <LocaleContext.Provider value={locale}>{children}</LocaleContext.Provider>;
}

export function useLocale(): string {
  return useContext(LocaleContext);
}
