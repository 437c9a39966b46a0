#!/usr/bin/env node
// Guide §8: node --env-file .env.local scripts/backfill-task-sync.mjs <userId> [--dry-run]
// Queues a `create` job for each of the user's tasks that has no To Do copy yet,
// then one final `full_sync`. --dry-run lists what it would queue and changes nothing.
// The program is src/cli/backfill-task-sync.ts, beside the operator CLI (decision 0052).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/backfill-task-sync.ts');
