/** Turns whatever a job threw into the JobFailure the pure retry policy decides on, by type. */
import { DeltaResetError, GraphError, GraphNetworkError, NeedsReconnectError } from '../graph/errors';
import type { JobFailure } from '../sync/retry-policy';
import { PermanentJobError } from './errors';

export function classifyJobError(error: unknown): JobFailure {
  if (error instanceof NeedsReconnectError) {
    return { kind: 'needs_reconnect', reason: error.oauthError, message: error.message };
  }
  if (error instanceof GraphError) {
    return { kind: 'graph', status: error.status, code: error.code, message: error.message, retryAfterMs: error.retryAfterMs };
  }
  if (error instanceof GraphNetworkError) return { kind: 'network', message: error.message };
  if (error instanceof DeltaResetError) return { kind: 'delta_reset', message: error.message };
  if (error instanceof PermanentJobError) return { kind: 'permanent', code: error.code, message: error.message };
  return { kind: 'unknown', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}
