/**
 * Moved to src/observability/metrics.ts (below both services and jobs). This
 * re-export stays only until src/server/webhook/webhook-request.ts (refactored in
 * parallel) imports the new path; new code must not use it.
 */
export * from '../observability/metrics';
