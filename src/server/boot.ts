/** What the Next.js server does once at start (see src/instrumentation.ts). */
import { getEnv } from '../config/env';
import { getDatabase } from '../db';

let booted: Promise<void> | undefined;

export function bootServer(): Promise<void> {
  booted ??= (async () => {
    const env = getEnv(); // throws EnvError naming any bad variable
    const database = await getDatabase(); // opens + migrates
    console.log(
      JSON.stringify({
        level: 'info',
        msg: 'planner ready',
        database: database.engine,
        microsoft: env.sandbox ? 'sandbox emulator' : 'Microsoft',
      }),
    );
  })();
  return booted;
}
