/**
 * Child process for the "worker killed mid-job" test: works the queue at argv[2]
 * as worker argv[3] with a one-second lease; its handler prints "started <jobId>"
 * and then hangs until the process is killed.
 */
import { openDatabase } from '../../src/db/client';
import { processTaskSyncJobs } from '../../src/jobs/process-task-sync-jobs';
import type { JobHandler } from '../../src/jobs/types';

const [url, workerId] = process.argv.slice(2);
if (!url || !workerId) throw new Error('usage: hanging-worker.ts <postgres url> <worker id>');
const database = await openDatabase({ url, maxConnections: 2 });
const hang: JobHandler = (job) => {
  process.stdout.write(`started ${job.id}\n`);
  return new Promise(() => {});
};
await processTaskSyncJobs({
  db: database.db,
  workerId,
  leaseSeconds: 1,
  handlers: { create: hang, update: hang, delete: hang, full_sync: hang, project_sync: hang, project_delete: hang },
});
