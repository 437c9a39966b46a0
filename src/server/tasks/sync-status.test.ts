import { describe, expect, it } from 'vitest';
import { deriveTaskSync } from './sync-status';

const pushed = { synced_version: 3, last_error: null, graph_task_id: 'g1' };

describe('deriveTaskSync', () => {
  it('is pending while a job is queued or running, whatever the state says', () => {
    expect(deriveTaskSync({ version: 3, latestJob: { status: 'pending', last_error: null }, state: pushed }).status).toBe('pending');
    expect(deriveTaskSync({ version: 3, latestJob: { status: 'processing', last_error: null } }).status).toBe('pending');
  });

  it('is failed with the error when the latest job failed', () => {
    expect(deriveTaskSync({ version: 3, latestJob: { status: 'failed', last_error: 'Graph 500' }, state: pushed })).toEqual({
      status: 'failed',
      error: 'Graph 500',
    });
  });

  it('is synced when the last push carried the current version', () => {
    expect(deriveTaskSync({ version: 3, latestJob: { status: 'completed', last_error: null }, state: pushed })).toEqual({
      status: 'synced',
      error: null,
    });
  });

  it('is pending when the task moved on since its last push', () => {
    expect(deriveTaskSync({ version: 4, latestJob: { status: 'completed', last_error: null }, state: pushed }).status).toBe('pending');
  });

  it('is not_synced when nothing was queued or pushed', () => {
    expect(deriveTaskSync({ version: 1 }).status).toBe('not_synced');
  });
});
