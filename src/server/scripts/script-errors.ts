/** Errors an operator script reports plainly (no stack trace) with exit status 1. */
export class ScriptInputError extends Error {
  readonly name = 'ScriptInputError';
}
