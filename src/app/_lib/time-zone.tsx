'use client';
/**
 * The user's time zone (user_settings.time_zone, chosen on the integrations page): the
 * zone reminders are typed and shown in. UTC until chosen.
 */
import { createContext, useContext } from 'react';

const TimeZoneContext = createContext<string>('UTC');

export function TimeZoneProvider({ zone, children }: { zone: string; children: React.ReactNode }) {
  return <TimeZoneContext.Provider value={zone}>{children}</TimeZoneContext.Provider>;
}

export function useTimeZone(): string {
  return useContext(TimeZoneContext);
}
