import { describe, expect, it } from 'vitest';
import { type ListMetasyncAction, type ListMetasyncInput, planListMetasync } from './list-metasync';

const open = (name: string) => ({ name, status: 'Active' as const });

describe('planListMetasync', () => {
  it.each<[string, ListMetasyncInput, ListMetasyncAction[]]>([
    ['nothing changed', { baseListName: 'Home', remoteListName: 'Home', project: open('Home') }, []],
    ['list not reported this round', { baseListName: 'Home', remoteListName: null, project: open('Home') }, []],
    [
      'renamed in Outlook, project still has the old name → project follows',
      { baseListName: 'Home', remoteListName: 'House', project: open('Home') },
      [
        { kind: 'set-graph-list-name', name: 'House' },
        { kind: 'rename-project', name: 'House' },
      ],
    ],
    ['renamed in Outlook, project named otherwise → only graph_list_name follows', { baseListName: 'Home', remoteListName: 'House', project: open('Chores') }, [{ kind: 'set-graph-list-name', name: 'House' }]],
    ['renamed on both sides to the same name', { baseListName: 'Home', remoteListName: 'House', project: open('House') }, [{ kind: 'set-graph-list-name', name: 'House' }]],
    ['names differ and Outlook unchanged: a pull pushes nothing', { baseListName: 'House', remoteListName: 'House', project: open('Chores') }, []],
    [
      'renamed in Planner → pushed to Outlook',
      { baseListName: 'Home', remoteListName: 'Home', project: open('Chores'), plannerRename: true },
      [
        { kind: 'rename-remote-list', name: 'Chores' },
        { kind: 'set-graph-list-name', name: 'Chores' },
      ],
    ],
    [
      'renamed in Planner while Outlook renamed too → the Planner rename wins',
      { baseListName: 'Home', remoteListName: 'House', project: open('Chores'), plannerRename: true },
      [
        { kind: 'rename-remote-list', name: 'Chores' },
        { kind: 'set-graph-list-name', name: 'Chores' },
      ],
    ],
    ['Planner rename back to the list name', { baseListName: 'Home', remoteListName: 'Home', project: open('Home'), plannerRename: true }, []],
    ['closed project ignores an Outlook rename', { baseListName: 'Home', remoteListName: 'House', project: { name: 'Home', status: 'Completed' } }, []],
    ['cancelled project ignores a Planner rename', { baseListName: 'Home', remoteListName: 'Home', project: { name: 'X', status: 'Cancelled' }, plannerRename: true }, []],
    ['default list follows Outlook', { baseListName: 'Tasks', remoteListName: 'My tasks', project: null }, [{ kind: 'set-graph-list-name', name: 'My tasks' }]],
    ['whitespace is not a rename', { baseListName: 'Home', remoteListName: ' Home ', project: open('Home ') }, []],
    [
      'a long Outlook name is cut to the project limit',
      { baseListName: 'Home', remoteListName: 'x'.repeat(250), project: open('Home') },
      [
        { kind: 'set-graph-list-name', name: 'x'.repeat(250) },
        { kind: 'rename-project', name: 'x'.repeat(200) },
      ],
    ],
  ])('%s', (_label, input, expected) => {
    expect(planListMetasync(input)).toEqual(expected);
  });

  it('settles: applying the actions and planning again does nothing', () => {
    const names = ['Home', 'House', 'Chores'];
    for (const base of names) {
      for (const remote of names) {
        for (const project of names) {
          for (const plannerRename of [false, true]) {
            let [b, r, p] = [base, remote, project];
            for (const a of planListMetasync({ baseListName: b, remoteListName: r, project: open(p), plannerRename })) {
              if (a.kind === 'set-graph-list-name') b = a.name;
              if (a.kind === 'rename-project') p = a.name;
              if (a.kind === 'rename-remote-list') r = a.name;
            }
            expect(b).toBe(r);
            expect(planListMetasync({ baseListName: b, remoteListName: r, project: open(p) })).toEqual([]);
          }
        }
      }
    }
  });
});
