import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adoptRemoteSteps, baseAsTodoHas, holdsOnlyOurSteps, pairAdoptedSteps, planSteps, rekeyBaseByTitle, remoteFromBase, stepsChanged, type RemoteStep, type Step, type StepBase, type StepsPlan } from './steps-plan';

const NOW = '2026-03-12T09:00:00.000Z';
const ids = () => {
  let n = 0;
  return () => `new-${++n}`;
};
const step = (id: string, title: string, checked = false): Step => ({ id, title, checked, checked_at: checked ? '2026-03-10T08:00:00.000Z' : null });
const remote = (graphId: string, title: string, checked = false): RemoteStep => ({ graphId, title, checked, checkedAt: checked ? '2026-03-11T08:00:00.000Z' : null });
const base = (id: string, graphId: string, title: string, checked = false): StepBase => ({ id, graphId, title, checked });
const plan = (b: StepBase[] | null, l: Step[], r: RemoteStep[] | null, localWins = true) => planSteps({ base: b, local: l, remote: r, localWins, newId: ids(), now: NOW });

describe('planSteps', () => {
  const B = [base('a', 'ga', 'Buy paint'), base('b', 'gb', 'Sand the door')];
  const L = [step('a', 'Buy paint'), step('b', 'Sand the door')];
  const R = [remote('ga', 'Buy paint'), remote('gb', 'Sand the door')];

  it('nothing changed: nothing to do', () => {
    expect(plan(B, L, R)).toEqual({ local: null, push: [], base: B });
  });

  it('a step added in Planner is created in To Do, alone', () => {
    const p = plan(B, [...L, step('c', 'Paint')], R);
    expect(p.push).toEqual([{ kind: 'create-remote', stepId: 'c', title: 'Paint', checked: false }]);
    expect(p.local).toBeNull();
  });

  it('a step renamed or checked in Planner is PATCHed by its id, only what changed', () => {
    const p = plan(B, [step('a', 'Buy blue paint'), step('b', 'Sand the door', true)], R);
    expect(p.push).toEqual([
      { kind: 'patch-remote', stepId: 'a', graphId: 'ga', changes: { title: 'Buy blue paint' } },
      { kind: 'patch-remote', stepId: 'b', graphId: 'gb', changes: { checked: true } },
    ]);
  });

  it('a step deleted in Planner is deleted in To Do; deleted in To Do, it goes in Planner', () => {
    expect(plan(B, [L[1]], R).push).toEqual([{ kind: 'delete-remote', graphId: 'ga' }]);
    const p = plan(B, L, [R[1]]);
    expect(p.push).toEqual([]);
    expect(p.local).toEqual([L[1]]);
    expect(p.base).toEqual([B[1]]);
  });

  it('an edit beats a delete, both ways', () => {
    // Checked in Planner, deleted in To Do: created again.
    expect(plan(B, [step('a', 'Buy paint', true), L[1]], [R[1]]).push).toEqual([{ kind: 'create-remote', stepId: 'a', title: 'Buy paint', checked: true }]);
    // Renamed in To Do, deleted in Planner: it comes back in Planner, where To Do has it (first).
    const p = plan(B, [L[1]], [remote('ga', 'Buy green paint'), R[1]]);
    expect(p.push).toEqual([]);
    expect(p.local).toEqual([{ id: 'new-1', title: 'Buy green paint', checked: false, checked_at: null }, L[1]]);
  });

  it('To Do\'s changes come to Planner, with the time Graph checked the step', () => {
    const p = plan(B, L, [remote('ga', 'Buy paint', true), R[1], remote('gc', 'Varnish')]);
    expect(p.local).toEqual([{ ...L[0], checked: true, checked_at: '2026-03-11T08:00:00.000Z' }, L[1], { id: 'new-1', title: 'Varnish', checked: false, checked_at: null }]);
    expect(p.push).toEqual([]);
    expect(p.base).toContainEqual(base('new-1', 'gc', 'Varnish'));
  });

  it('a step added in To Do goes where To Do has it: after the step it follows there, first when it follows none', () => {
    // Added at the end in both apps before either synced (soak seed 1796662286): Planner puts To Do's first, as To Do has it, then creates its own after it.
    const p = plan([], [step('c', 'Mine')], [remote('gx', 'Theirs')]);
    expect(p.local!.map((s) => s.title)).toEqual(['Theirs', 'Mine']);
    expect(p.push).toEqual([{ kind: 'create-remote', stepId: 'c', title: 'Mine', checked: false }]);
    // After a step Planner moved: right after it in Planner too; a later new one after the first new one.
    const q = plan(B, [L[1], L[0], step('c', 'Mine')], [...R, remote('gx', 'Theirs'), remote('gy', 'Theirs too')]);
    expect(q.local!.map((s) => s.title)).toEqual(['Sand the door', 'Theirs', 'Theirs too', 'Buy paint', 'Mine']);
  });

  it('the same step changed on both sides: the later edit wins', () => {
    const both = (localWins: boolean) => plan(B, [step('a', 'Planner title'), L[1]], [remote('ga', 'To Do title'), R[1]], localWins);
    expect(both(true).push).toEqual([{ kind: 'patch-remote', stepId: 'a', graphId: 'ga', changes: { title: 'Planner title' } }]);
    expect(both(false).push).toEqual([]);
    expect(both(false).local![0].title).toBe('To Do title');
  });

  it('a first sync pairs equal titles instead of duplicating them', () => {
    const p = plan(null, [step('a', 'Buy paint'), step('x', 'Only in Planner')], [remote('ga', 'Buy paint', true), remote('gy', 'Only in To Do')]);
    expect(p.push).toEqual([{ kind: 'create-remote', stepId: 'x', title: 'Only in Planner', checked: false }]);
    // To Do's new step goes after the one it follows there; Planner's is created in To Do after both.
    expect(p.local!.map((s) => [s.title, s.checked])).toEqual([
      ['Buy paint', true],
      ['Only in To Do', false],
      ['Only in Planner', false],
    ]);
  });

  it('unknown To Do steps (an item that did not carry them): nothing is planned', () => {
    expect(plan(B, [], null)).toEqual({ local: null, push: [], base: B });
  });

  it('a push against the base writes only Planner\'s changes', () => {
    const local = [step('a', 'Buy paint', true)];
    expect(stepsChanged(B, local)).toBe(true);
    expect(stepsChanged(B, L)).toBe(false);
    expect(plan(B, local, remoteFromBase(B)).push).toEqual([
      { kind: 'patch-remote', stepId: 'a', graphId: 'ga', changes: { checked: true } },
      { kind: 'delete-remote', graphId: 'gb' },
    ]);
  });

  it('property: after the plan runs on both sides they hold the same steps, and planning again does nothing', () => {
    const titles = fc.constantFrom('A', 'B', 'C', 'D');
    const arbSide = fc.array(fc.record({ key: fc.integer({ min: 0, max: 5 }), title: titles, checked: fc.boolean() }), { maxLength: 5 });
    fc.assert(
      fc.property(arbSide, arbSide, arbSide, fc.boolean(), (b0, l0, r0, localWins) => {
        // Base pairs k ↔ gk; each side keeps some of them (changed or not) and adds its own.
        const b = uniq(b0).map((s) => base(`k${s.key}`, `gk${s.key}`, s.title, s.checked));
        const l = uniq(l0).map((s) => step(b.some((x) => x.id === `k${s.key}`) ? `k${s.key}` : `l${s.key}`, s.title, s.checked));
        const r = uniq(r0).map((s) => remote(b.some((x) => x.graphId === `gk${s.key}`) ? `gk${s.key}` : `r${s.key}`, s.title, s.checked));
        const p = plan(b, l, r, localWins);
        const local2 = p.local ?? l;
        const remote2 = applyToRemote(r, p);
        const pairs = new Map(p.base.map((x) => [x.id, x.graphId]));
        for (const op of p.push) if (op.kind === 'create-remote') pairs.set(op.stepId, `made-${op.stepId}`);
        expect(local2.map((s) => [pairs.get(s.id), s.title, s.checked]).sort()).toEqual(remote2.map((s) => [s.graphId, s.title, s.checked]).sort());
        const base2 = [...p.base, ...p.push.filter((o) => o.kind === 'create-remote').map((o) => base(o.stepId, `made-${o.stepId}`, o.title, o.checked))];
        const again = plan(base2, local2, remote2, localWins);
        expect(again.push).toEqual([]);
        expect(again.local).toBeNull();
      }),
      { numRuns: 500 },
    );
  });
});

describe('baseAsTodoHas: what the pull stores when Planner has steps to push', () => {
  it('makes the push job write exactly what the pull planned to push', () => {
    const titles = fc.constantFrom('A', 'B', 'C');
    const arbSide = fc.array(fc.record({ key: fc.integer({ min: 0, max: 4 }), title: titles, checked: fc.boolean() }), { maxLength: 4 });
    fc.assert(
      fc.property(arbSide, arbSide, arbSide, (b0, l0, r0) => {
        const b = uniq(b0).map((s) => base(`k${s.key}`, `gk${s.key}`, s.title, s.checked));
        const l = uniq(l0).map((s) => step(b.some((x) => x.id === `k${s.key}`) ? `k${s.key}` : `l${s.key}`, s.title, s.checked));
        const r = uniq(r0).map((s) => remote(b.some((x) => x.graphId === `gk${s.key}`) ? `gk${s.key}` : `r${s.key}`, s.title, s.checked));
        const pull = plan(b, l, r, true);
        const stored = baseAsTodoHas(pull, b, r);
        const push = plan(stored, pull.local ?? l, remoteFromBase(stored), true);
        const key = (o: StepsPlan['push'][number]) => JSON.stringify(o);
        expect(push.push.map(key).sort()).toEqual(pull.push.map(key).sort());
        expect(push.local).toBeNull();
      }),
      { numRuns: 500 },
    );
  });
});

function uniq<T extends { key: number }>(xs: T[]): T[] {
  return xs.filter((x, i) => xs.findIndex((y) => y.key === x.key) === i);
}

function applyToRemote(r: RemoteStep[], p: StepsPlan): RemoteStep[] {
  let out = [...r];
  for (const op of p.push) {
    if (op.kind === 'delete-remote') out = out.filter((s) => s.graphId !== op.graphId);
    if (op.kind === 'patch-remote') out = out.map((s) => (s.graphId === op.graphId ? { ...s, ...(op.changes.title !== undefined ? { title: op.changes.title } : {}), ...(op.changes.checked !== undefined ? { checked: op.changes.checked } : {}) } : s));
    if (op.kind === 'create-remote') out.push({ graphId: `made-${op.stepId}`, title: op.title, checked: op.checked, checkedAt: null });
  }
  return out;
}

describe('holdsOnlyOurSteps (may the copy read back after step writes have its etag stored as our echo?)', () => {
  const B = [base('a', 'ga', 'Buy paint'), base('b', 'gb', 'Sand the door', true)];
  it('the copy holds exactly the pairs our writes left: yes', () => {
    expect(holdsOnlyOurSteps(B, [remote('gb', 'Sand the door', true), remote('ga', 'Buy paint')])).toBe(true);
  });
  it('a step deleted in To Do meanwhile (soak seed 1796662772): no, the pull must see it', () => {
    expect(holdsOnlyOurSteps(B, [remote('gb', 'Sand the door', true)])).toBe(false);
  });
  it('a step added, renamed or checked in To Do meanwhile: no', () => {
    expect(holdsOnlyOurSteps(B, [remote('ga', 'Buy paint'), remote('gb', 'Sand the door', true), remote('gc', 'Varnish')])).toBe(false);
    expect(holdsOnlyOurSteps(B, [remote('ga', 'Buy blue paint'), remote('gb', 'Sand the door', true)])).toBe(false);
    expect(holdsOnlyOurSteps(B, [remote('ga', 'Buy paint', true), remote('gb', 'Sand the door', true)])).toBe(false);
  });
  it('steps not carried by the read: unknown, taken as ours', () => {
    expect(holdsOnlyOurSteps(B, null)).toBe(true);
  });
});

describe('adoptRemoteSteps (a task deleted in Planner, edited in To Do, comes back with To Do\'s steps)', () => {
  it('To Do\'s steps whole, in its order; paired steps keep their Planner ids, new ones get new ids (soak seed 1796663859: a step added in To Do after the delete never reached the restored task)', () => {
    const B = [base('a', 'ga', 'Buy paint'), base('b', 'gb', 'Sand the door')];
    const got = adoptRemoteSteps({ base: B, local: [step('b', 'Sand the door'), step('a', 'Buy paint', true)], remote: [remote('ga', 'Buy paint', true), remote('gb', 'Sand the door'), remote('gc', 'Varnish')], newId: ids(), now: NOW });
    expect(got.local).toEqual([
      { id: 'a', title: 'Buy paint', checked: true, checked_at: '2026-03-10T08:00:00.000Z' },
      { id: 'b', title: 'Sand the door', checked: false, checked_at: null },
      { id: 'new-1', title: 'Varnish', checked: false, checked_at: null },
    ]);
    expect(got.base).toEqual([...B.map((b) => (b.id === 'a' ? { ...b, checked: true } : b)), base('new-1', 'gc', 'Varnish')]);
  });
  it('no base: every step is new', () => {
    expect(adoptRemoteSteps({ base: null, local: [step('a', 'Buy paint')], remote: [remote('ga', 'Buy paint')], newId: ids(), now: NOW }).local.map((s) => s.id)).toEqual(['new-1']);
  });
});

describe('rekeyBaseByTitle (a copy moved in To Do: new step ids, the same steps)', () => {
  it('pairs found again by the synced title; a step renamed in Planner meanwhile is a rename, not a second step (soak seed 1796666732)', () => {
    const B = [base('a', 'ga', 'Buy paint'), base('b', 'gb', 'Sand the door', true), base('c', 'gc', 'Gone')];
    const moved = [remote('nb', 'Sand the door', true), remote('na', 'Buy paint')];
    const rekeyed = rekeyBaseByTitle(B, moved);
    // "Gone" is not in the moved copy: its pair keeps its old id, so it reads as deleted in To Do.
    expect(rekeyed).toEqual([base('a', 'na', 'Buy paint'), base('b', 'nb', 'Sand the door', true), base('c', 'gc', 'Gone')]);
    const p = plan(rekeyed, [step('a', 'Buy blue paint'), step('b', 'Sand the door', true)], moved);
    expect(p.push).toEqual([{ kind: 'patch-remote', stepId: 'a', graphId: 'na', changes: { title: 'Buy blue paint' } }]);
    expect(p.local).toBeNull();
  });
});

describe('rekeyBaseByTitle: a step deleted in To Do while it moved the task', () => {
  it('is deleted in Planner too, not pushed back as new (liveness soak seed 1896678669)', () => {
    const B = [base('a', 'ga', 's1'), base('b', 'gb', 's2', true)];
    const moved = [remote('nb', 's2', true)];
    const p = plan(rekeyBaseByTitle(B, moved), [step('a', 's1'), step('b', 's2', true)], moved);
    expect(p.push).toEqual([]);
    expect(p.local?.map((s) => s.title)).toEqual(['s2']);
  });

  it('but a step Planner changed since comes back (edit beats delete)', () => {
    const B = [base('a', 'ga', 's1'), base('b', 'gb', 's2', true)];
    const moved = [remote('nb', 's2', true)];
    const p = plan(rekeyBaseByTitle(B, moved), [step('a', 's1 renamed'), step('b', 's2', true)], moved);
    expect(p.push).toEqual([{ kind: 'create-remote', stepId: 'a', title: 's1 renamed', checked: false }]);
  });
});

describe('a step To Do deleted and Planner changed (edit beats delete)', () => {
  it('goes last in Planner, where To Do puts it when the push makes it again (liveness soak seed 1896679729)', () => {
    const B = [base('a', 'ga', 's1'), base('b', 'gb', 's2', true)];
    const p = plan(B, [step('a', 's1', true), step('b', 's2', true)], [remote('gb', 's2', true)]);
    expect(p.push).toEqual([{ kind: 'create-remote', stepId: 'a', title: 's1', checked: true }]);
    expect(p.local?.map((s) => s.id)).toEqual(['b', 'a']);
  });
});

describe('pairAdoptedSteps (a copy an interrupted push made, adopted on the retry)', () => {
  it('pairs equal titles, then the rest in order: a step renamed in Planner since is PATCHed, not added beside the old one (hostile soak seed 1796675385)', () => {
    const adopted = [remote('g1', 's1'), remote('g2', 's2', true)];
    const local = [step('a', 's1 p5'), step('b', 's2', true)];
    const pairs = pairAdoptedSteps(local, adopted);
    expect(pairs).toEqual([base('a', 'g1', 's1'), base('b', 'g2', 's2', true)]);
    const p = plan(pairs, local, adopted);
    expect(p.push).toEqual([{ kind: 'patch-remote', stepId: 'a', graphId: 'g1', changes: { title: 's1 p5' } }]);
    expect(p.local).toBeNull();
  });

  it('a step added in Planner since is created; one deleted in Planner since is deleted; nothing twice', () => {
    const adopted = [remote('g1', 'Buy paint'), remote('g2', 'Old step')];
    const added = plan(pairAdoptedSteps([step('a', 'Buy paint'), step('c', 'New step'), step('d', 'Another')], adopted), [step('a', 'Buy paint'), step('c', 'New step'), step('d', 'Another')], adopted);
    // "Old step" pairs in order with "New step" (a rename); "Another" is new.
    expect(added.push).toEqual([
      { kind: 'patch-remote', stepId: 'c', graphId: 'g2', changes: { title: 'New step' } },
      { kind: 'create-remote', stepId: 'd', title: 'Another', checked: false },
    ]);
    const removed = plan(pairAdoptedSteps([step('a', 'Buy paint')], adopted), [step('a', 'Buy paint')], adopted);
    expect(removed.push).toEqual([{ kind: 'delete-remote', graphId: 'g2' }]);
    expect(removed.base.map((b) => b.graphId)).toEqual(['g1']);
    expect(removed.local).toBeNull();
  });
});
