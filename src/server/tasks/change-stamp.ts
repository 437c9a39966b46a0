/**
 * The change stamp the open Planner page polls (GET /api/changes): when it differs from
 * the one the page was rendered with, something the page shows changed on the server
 * (a change pulled from Outlook, another tab, a sync mark turning green) and the page
 * re-renders itself without a reload.
 */
import type { Db } from '../../db/client';
import { readChangeStamp } from '../../db/tasks-repository';

export async function plannerChangeStamp(db: Db, userId: string): Promise<string> {
  return readChangeStamp(db, userId);
}
