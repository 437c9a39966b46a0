/**
 * What an operator asked for cannot be done as asked (no such user, not connected): the
 * guide's scripts and the CLI report it plainly (no stack trace) with exit status 1.
 */
export class OperatorInputError extends Error {
  readonly name = 'OperatorInputError';
}
