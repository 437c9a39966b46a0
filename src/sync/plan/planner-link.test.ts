import { describe, expect, it } from 'vitest';
import { matchingRows } from './decision-table';
import { decidePlannerLink, PLANNER_LINK_TABLE, plannerLinkFactSpace } from './planner-link';

describe('the Planner link table (src/sync/plan/planner-link.ts)', () => {
  it.each([
    ['link.none', { existing: 'none' }, 'add-link'],
    ['link.ours', { existing: 'to-this-task' }, 'keep-link'],
    ['link.stale', { existing: 'to-another-task' }, 'rewrite-link'],
  ] as const)('%s: %j', (rowId, facts, action) => {
    expect(decidePlannerLink(facts)).toMatchObject({ rowId, action });
  });

  it('is total and never adds a second link', () => {
    for (const facts of plannerLinkFactSpace()) {
      expect(matchingRows(PLANNER_LINK_TABLE, facts)).toHaveLength(1);
      if (facts.existing !== 'none') expect(decidePlannerLink(facts).action).not.toBe('add-link');
    }
  });
});
