/**
 * Typed errors of the Planner services (projects and tasks). Services throw these;
 * routes turn them into `{error: {code, message, field?}}` (src/server/http/error-response.ts)
 * and server actions into a result the UI shows next to the field.
 */

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
