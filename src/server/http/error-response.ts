/**
 * The HTTP form of what a service threw: the typed errors of the Planner services
 * (src/server/projects/errors.ts) and an unauthenticated request become
 * `{ error: { code, message, field? } }` with their 4xx status; anything else is a bug (500).
 */
import { ZodError } from 'zod';
import { UnauthorizedError } from '../auth/errors';
import { ServiceError } from '../projects/errors';
import { logger } from '../../observability/logger';
import { jsonError } from './responses';

export interface ErrorDetail {
  code: string;
  message: string;
  field?: string;
}

/** The `{code, message, field?}` of an expected error, or undefined for a bug. */
export function describeError(error: unknown): (ErrorDetail & { status: number }) | undefined {
  if (error instanceof ServiceError || error instanceof UnauthorizedError) {
    const field = error instanceof ServiceError ? error.field : undefined;
    return { status: error.status, code: error.code, message: error.message, ...(field ? { field } : {}) };
  }
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const field = issue?.path.join('.') || undefined;
    return { status: 400, code: 'invalid_request', message: issue?.message ?? 'Invalid request', ...(field ? { field } : {}) };
  }
  return undefined;
}

/** Route handlers: the JSON error Response for anything a service threw. */
export function errorResponse(error: unknown): Response {
  const detail = describeError(error);
  if (detail) return jsonError(detail.status, detail.code, detail.message, detail.field);
  logger().error({ err: error }, 'unexpected error in planner route');
  return jsonError(500, 'internal_error', 'Something went wrong on our side');
}
