/** What every command gets: the database (opened lazily), output streams, and the exit code to end with. */
import type { Database } from '../db/client';
import type { CliIo } from './output';

export interface CliContext {
  io: CliIo;
  database(): Promise<Database>;
  /** Set by a command to end with a non-zero status without throwing. */
  exitCode: number;
}
