#!/usr/bin/env node
// Guide §8: node --env-file .env.local scripts/archive-closed-projects.mjs [--dry-run]
// Deletes the Microsoft To Do lists (and subscriptions) of Completed/Cancelled
// projects, marks their mappings inactive, removes their per-task sync state and
// cleans dead queue entries. --dry-run reports what it would do and changes nothing.
// The program is src/cli/archive-closed-projects.ts, beside the operator CLI (decision 0052).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/archive-closed-projects.ts');
