/**
 * Typed errors of the Planner services (projects and tasks) and their HTTP form.
 * Services throw these; routes turn them into `{error: {code, message, field?}}`
 * and server actions into a result the UI shows next to the field.
 */
import { ZodError } from 'zod';
import { UnauthorizedError } from '../auth/errors';
import { jsonError } from '../http/errors';
import { logger } from '../../observability/logger';

export class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

/** 400: the input names something that is not there or cannot be (unknown project, bad move). */
export class InvalidInputError extends ServiceError {
  constructor(code: string, message: string, field?: string) {
    super(400, code, message, field);
    this.name = 'InvalidInputError';
  }
}

/** 404: no such project/task for this user (someone else's is "no such" too). */
export class NotFoundError extends ServiceError {
  constructor(what: 'project' | 'task') {
    super(404, `${what}_not_found`, `No such ${what}`);
    this.name = 'NotFoundError';
  }
}

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
