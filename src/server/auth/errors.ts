/** Raised when a request needs a signed-in user and has none: routes answer 401, pages redirect to /sign-in. */
export class UnauthorizedError extends Error {
  readonly status = 401;
  readonly code = 'unauthorized';
  constructor(message = 'Sign in to continue') {
    super(message);
    this.name = 'UnauthorizedError';
  }
}
