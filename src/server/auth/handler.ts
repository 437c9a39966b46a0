/** Serves Better Auth's own endpoints under /api/auth/* on the process database. */
import { getDb } from '../../db';
import { authFor } from './auth';

export async function handleAuthRequest(request: Request): Promise<Response> {
  return authFor(await getDb()).handler(request);
}
