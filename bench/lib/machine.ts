/** The machine a benchmark ran on, stored beside every result. */
import os from 'node:os';
import pg from 'pg';

export interface MachineDescription {
  hostname: string;
  platform: string;
  cpus: { count: number; model: string };
  memoryGiB: number;
  node: string;
  postgres: string | null;
  pglite: string;
}

export async function describeMachine(postgresUrl: string | null, pgliteVersion: string): Promise<MachineDescription> {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: { count: cpus.length, model: cpus[0]?.model.trim() ?? 'unknown' },
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    postgres: postgresUrl ? await postgresVersion(postgresUrl) : null,
    pglite: pgliteVersion,
  };
}

async function postgresVersion(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>('show server_version');
    return rows[0]?.server_version ?? null;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}
