/**
 * Graph error responses: `{ error: { code, message, innerError: { date, request-id,
 * client-request-id } } }` (Graph errors.md shape). Handlers throw GraphHttpError;
 * the app's error handler renders it.
 */
export class GraphHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function graphErrorBody(error: GraphHttpError, requestId: string, clientRequestId: string, nowIso: string) {
  return {
    error: {
      code: error.code,
      message: error.message,
      innerError: { date: nowIso.slice(0, 19), 'request-id': requestId, 'client-request-id': clientRequestId },
    },
  };
}

export const notFound = (what = 'The specified object was not found in the store.') =>
  new GraphHttpError(404, 'ErrorItemNotFound', what);

export const badRequest = (message: string, code = 'invalidRequest') => new GraphHttpError(400, code, message);

/** Identity platform (token endpoint) error: `{ error, error_description, error_codes, ... }`. */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly aadsts: number,
    readonly description: string,
  ) {
    super(`${error}: AADSTS${aadsts}`);
  }
}
