import { describe, expect, it } from 'vitest';
import { decideNotification, notificationFacts, notificationFactSpace } from './notification';

describe('the notification table (src/sync/plan/notification.ts)', () => {
  it.each([
    ['notify.not-a-change', { changeType: 'deleted', named: true, stored: 'etag-matches' }, 'pull'],
    ['notify.not-a-change', { changeType: 'other', named: true, stored: 'etag-matches' }, 'pull'],
    ['notify.unnamed', { changeType: 'updated', named: false, stored: 'etag-matches' }, 'pull'],
    ['notify.not-ours', { changeType: 'updated', named: true, stored: 'unknown' }, 'pull'],
    ['notify.not-ours', { changeType: 'created', named: true, stored: 'other-list' }, 'pull'],
    ['notify.not-ours', { changeType: 'updated', named: true, stored: 'etag-differs' }, 'pull'],
    ['notify.not-ours', { changeType: 'updated', named: true, stored: 'open-outcome' }, 'pull'],
    ['notify.echo', { changeType: 'updated', named: true, stored: 'etag-matches' }, 'skip-echo'],
    ['notify.echo', { changeType: 'created', named: true, stored: 'etag-matches' }, 'skip-echo'],
  ] as const)('%s: %j', (rowId, facts, action) => {
    expect(decideNotification(facts)).toMatchObject({ rowId, action });
  });

  it('only a created or updated item at the stored etag, in the stored list, with no open outcome, is skipped', () => {
    const skipped = notificationFactSpace().filter((f) => decideNotification(f).action === 'skip-echo');
    expect(skipped).toEqual([
      { changeType: 'created', named: true, stored: 'etag-matches' },
      { changeType: 'updated', named: true, stored: 'etag-matches' },
    ]);
  });

  describe('the facts of an item', () => {
    const copy = { graphListId: 'L1', etag: 'W/"e1"', openOutcome: false };
    const item = { changeType: 'updated', taskId: 'T1', etag: 'W/"e1"' };
    it('matches the stored copy', () => {
      expect(notificationFacts(item, 'L1', copy)).toEqual({ changeType: 'updated', named: true, stored: 'etag-matches' });
    });
    it('another etag, another list, no copy, an open outcome', () => {
      expect(notificationFacts({ ...item, etag: 'W/"e2"' }, 'L1', copy).stored).toBe('etag-differs');
      expect(notificationFacts(item, 'L2', copy).stored).toBe('other-list');
      expect(notificationFacts(item, 'L1', undefined).stored).toBe('unknown');
      expect(notificationFacts(item, 'L1', { ...copy, openOutcome: true }).stored).toBe('open-outcome');
      expect(notificationFacts(item, 'L1', { ...copy, etag: null }).stored).toBe('etag-differs');
    });
    it('an item without an etag or id is unnamed; an unknown change type is other', () => {
      expect(notificationFacts({ ...item, etag: null }, 'L1', copy).named).toBe(false);
      expect(notificationFacts({ ...item, taskId: undefined }, 'L1', copy).named).toBe(false);
      expect(notificationFacts({ ...item, changeType: 'missed' }, 'L1', copy).changeType).toBe('other');
    });
  });
});
