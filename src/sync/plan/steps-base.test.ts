import { describe, expect, it } from 'vitest';
import { decideStepsBase } from './steps-base';

describe('which steps base a pulled item merges against', () => {
  it('steps-base.same-copy: the mapped copy uses the stored base', () => {
    expect(decideStepsBase({ sameCopy: true, detached: false, baseIdsInItem: true }).rowId).toBe('steps-base.same-copy');
    expect(decideStepsBase({ sameCopy: true, detached: false, baseIdsInItem: false }).action).toBe('stored-base');
  });

  it('steps-base.relinked-after-disconnect: a copy relinked after a reconnect keeps its base (soak seed 1796663515: a step renamed in To Do while disconnected came back twice)', () => {
    const d = decideStepsBase({ sameCopy: false, detached: true, baseIdsInItem: true });
    expect(d).toMatchObject({ rowId: 'steps-base.relinked-after-disconnect', action: 'stored-base' });
  });

  it('steps-base.other-copy: a moved copy, or a relinked one holding none of the base\'s steps, is paired by title', () => {
    expect(decideStepsBase({ sameCopy: false, detached: false, baseIdsInItem: false })).toMatchObject({ rowId: 'steps-base.other-copy', action: 'pair-by-title' });
    expect(decideStepsBase({ sameCopy: false, detached: false, baseIdsInItem: true }).action).toBe('pair-by-title');
    expect(decideStepsBase({ sameCopy: false, detached: true, baseIdsInItem: false }).action).toBe('pair-by-title');
  });
});
