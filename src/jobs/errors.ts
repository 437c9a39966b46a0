/** Errors raised by the job layer itself. Graph errors live in src/graph/errors.ts. */

/** A job that can never succeed as it is: fail at once, no retry. */
export class PermanentJobError extends Error {
  readonly name: string = 'PermanentJobError';
  constructor(
    /** Lands in task_sync_jobs.last_error_code. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** No handler is registered for the job's action. */
export class NoHandlerError extends PermanentJobError {
  readonly name = 'NoHandlerError';
  constructor(action: string) {
    super('no_handler', `No handler for job action '${action}' (register one in src/jobs/handlers.ts)`);
  }
}
