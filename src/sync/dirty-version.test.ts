import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capturePushVersion, isTaskDirty, syncedVersionAfterPush, syncedVersionAfterRemoteWrite } from './dirty-version';

describe('dirty versioning', () => {
  it.each([
    [1, 0, true],
    [3, 3, false],
    [3, 2, true],
    [3, 5, false],
  ])('version %i, synced %i → dirty %s', (version, syncedVersion, dirty) => {
    expect(isTaskDirty({ version, syncedVersion })).toBe(dirty);
  });

  it.each([
    [0, 3, 3],
    [5, 3, 5], // a late, older push never moves synced_version back
    [3, 3, 3],
  ])('push success: synced %i, captured %i → %i', (synced, captured, expected) => {
    expect(syncedVersionAfterPush(synced, captured)).toBe(expected);
  });

  it('an edit made while a push is in flight stays dirty', () => {
    const captured = capturePushVersion({ version: 4 });
    const versionAfterMidPushEdit = 5;
    const synced = syncedVersionAfterPush(3, captured);
    expect(isTaskDirty({ version: versionAfterMidPushEdit, syncedVersion: synced })).toBe(true);
  });

  it.each([
    ['clean task stays clean', { version: 4, syncedVersion: 4 }, 5, 5],
    ['dirty task keeps its pending edits', { version: 4, syncedVersion: 2 }, 5, 2],
    ['a write that did not bump the version', { version: 4, syncedVersion: 4 }, 4, 4],
  ])('remote write: %s', (_label, state, after, expected) => {
    expect(syncedVersionAfterRemoteWrite(state, after)).toBe(expected);
    expect(isTaskDirty({ version: after, syncedVersion: expected })).toBe(isTaskDirty(state));
  });

  it('after any interleaving of edits and pushes (finishing in any order), dirty ⇔ an edit no push carried', () => {
    const step = fc.constantFrom('edit' as const, 'start' as const, 'finish-oldest' as const, 'finish-newest' as const);
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let version = 1;
        let synced = 0;
        let carried = 0;
        const inFlight: number[] = [];
        for (const s of steps) {
          if (s === 'edit') version += 1;
          if (s === 'start') inFlight.push(capturePushVersion({ version }));
          if (s.startsWith('finish') && inFlight.length > 0) {
            const captured = s === 'finish-oldest' ? inFlight.shift()! : inFlight.pop()!;
            synced = syncedVersionAfterPush(synced, captured);
            carried = Math.max(carried, captured);
          }
          expect(isTaskDirty({ version, syncedVersion: synced })).toBe(version > carried);
        }
      }),
    );
  });
});
