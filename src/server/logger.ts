/**
 * Moved to src/observability/logger.ts (below both services and jobs). This
 * re-export stays only until the folders being refactored in parallel
 * (src/server/sync, src/server/webhook) import the new path; new code must not use it.
 */
export * from '../observability/logger';
