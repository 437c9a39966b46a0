import { describe, expect, it, vi } from 'vitest';
import { DeltaResetError, GraphError, isDeltaResetError, NeedsReconnectError } from './errors';

describe('typed errors', () => {
  it('match instanceof across two copies of the module (Next loads one per bundle layer)', async () => {
    vi.resetModules();
    const copy = await import('./errors');
    expect(copy.GraphError).not.toBe(GraphError);
    expect(new copy.NeedsReconnectError('invalid_grant', 'revoked')).toBeInstanceOf(NeedsReconnectError);
    expect(new copy.GraphError(429, 'TooManyRequests', 'slow')).toBeInstanceOf(GraphError);
    expect(new GraphError(404, 'x', 'y')).toBeInstanceOf(copy.GraphError);
    expect(new copy.GraphError(429, 'TooManyRequests', 'slow')).not.toBeInstanceOf(NeedsReconnectError);
    expect(new Error('plain')).not.toBeInstanceOf(GraphError);
    expect(new copy.DeltaResetError('gone', 'https://x/delta')).toBeInstanceOf(DeltaResetError);
  });

  it('treats 410, syncStateNotFound, resyncRequired and ResourceNotFound on a stored link as delta resets', () => {
    expect(isDeltaResetError(new GraphError(410, 'Gone', ''), false)).toBe(true);
    expect(isDeltaResetError(new GraphError(400, 'syncStateNotFound', ''), false)).toBe(true);
    expect(isDeltaResetError(new GraphError(400, 'resyncRequired', ''), false)).toBe(true);
    expect(isDeltaResetError(new GraphError(404, 'ResourceNotFound', ''), true)).toBe(true);
    expect(isDeltaResetError(new GraphError(404, 'ResourceNotFound', ''), false)).toBe(false);
    expect(isDeltaResetError(new GraphError(404, 'ErrorItemNotFound', ''), true)).toBe(false);
  });
});
