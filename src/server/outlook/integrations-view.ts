/** What Settings → Integrations shows for the request's user (null when signed out). */
import { getEnv } from '../../config/env';
import { getDb } from '../../db';
import { getSessionUser } from '../auth/session';
import { getOutlookStatus, type OutlookStatus } from './status';

export async function loadIntegrationsView(headers: Headers): Promise<{ status: OutlookStatus } | null> {
  const db = await getDb();
  const user = await getSessionUser(headers, db);
  if (!user) return null;
  return { status: await getOutlookStatus(db, user.id, { sandbox: getEnv().sandbox }) };
}
