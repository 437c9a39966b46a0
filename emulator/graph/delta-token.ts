/**
 * Delta and skip tokens. Opaque to clients (base64url JSON here); they encode the
 * scope, the mailbox change sequence already delivered, the $select/$expand of the
 * first call (docs/graph-facts.md §2: "the tokens encode them"), the mailbox's delta epoch
 * and when they were issued (for expiry).
 */
import { GraphHttpError } from '../errors';

export interface DeltaCursor {
  scope: 'lists' | 'tasks';
  listId: string | null;
  /** Changes with seq > since belong to this round. */
  since: number;
  /** Upper bound of this round (skip tokens only). */
  high: number | null;
  /** Last seq already sent in this round (skip tokens only). */
  after: number | null;
  /** An item of the last round sent again at the start of this one (quirk deltaRepeatsItems; first page only). */
  replaySeq?: number | null;
  epoch: number;
  issuedMs: number;
  select: string[] | null;
  expand: string[];
}

export function encodeCursor(cursor: DeltaCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor(token: string, scope: DeltaCursor['scope'], listId: string | null): DeltaCursor {
  let cursor: DeltaCursor;
  try {
    cursor = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as DeltaCursor;
  } catch {
    throw badlyFormed();
  }
  if (!cursor || cursor.scope !== scope || cursor.listId !== listId || typeof cursor.since !== 'number') throw badlyFormed();
  return cursor;
}

const badlyFormed = () => new GraphHttpError(400, 'invalidRequest', 'Badly formed token.');
