/**
 * Issue 16 §1: subtasks ↔ To Do steps, both ways, through the emulator. Only the step
 * that changed is written (/checklistItems/{id}), never the task rebuilt; checkedDateTime
 * is Graph's; an edit beats a delete; a move keeps the steps; nothing echoes back.
 */
import { describe, expect, it } from 'vitest';
import { createProject } from '../../src/server/projects';
import { createTask, getTask, moveTask, updateTask } from '../../src/server/tasks';
import { testEngines, useTestDatabase } from '../helpers/db';
import { TEST_APP_ENV, useProcessEnv } from '../helpers/process-env';
import { fullSync, pullUser, type PullUser } from './pull-harness';
import { drain, remoteCopies, requestCount, TASK_ROUTE, usePushEmulator } from './push-kit';

const STEP_ROUTE = {
  post: 'POST /v1.0/me/todo/lists/{id}/tasks/{id}/checklistItems',
  patch: 'PATCH /v1.0/me/todo/lists/{id}/tasks/{id}/checklistItems/{id}',
  delete: 'DELETE /v1.0/me/todo/lists/{id}/tasks/{id}/checklistItems/{id}',
} as const;

describe.each(testEngines())('steps ↔ subtasks through the emulator on %s', (engine) => {
  useProcessEnv(TEST_APP_ENV);
  const t = useTestDatabase(engine);
  const e = usePushEmulator();

  async function copyOf(u: PullUser, taskId: string) {
    const [copy] = await remoteCopies(e.emulator, u.mailboxId, taskId);
    return copy;
  }
  const todoSteps = async (u: PullUser, taskId: string) => {
    const copy = await copyOf(u, taskId);
    return e.emulator.control.checklistItems(u.mailboxId, copy.listId, copy.id);
  };
  const shape = (steps: { title?: string; displayName?: string; checked?: boolean; isChecked?: boolean }[]) =>
    steps.map((s) => [s.title ?? s.displayName, s.checked ?? s.isChecked]);

  it('steps made in Planner reach To Do; each later change writes only that step', async () => {
    const u = await pullUser(t.db, e.emulator);
    const task = await createTask(t.db, u.userId, { title: 'Paint the door', steps: [{ title: 'Buy paint' }, { title: 'Sand' }] });
    await drain(t.db, u.handlers);
    expect(shape(await todoSteps(u, task.id))).toEqual([
      ['Buy paint', false],
      ['Sand', false],
    ]);

    await e.emulator.control.resetStats();
    const [buy, sand] = (await getTask(t.db, u.userId, task.id)).steps;
    await updateTask(t.db, u.userId, task.id, { steps: [{ id: buy.id, title: 'Buy paint', checked: true }, { id: sand.id, title: 'Sand twice', checked: false }, { title: 'Paint' }] });
    await drain(t.db, u.handlers);
    expect(await requestCount(e.emulator, STEP_ROUTE.patch)).toBe(2);
    expect(await requestCount(e.emulator, STEP_ROUTE.post)).toBe(1);
    expect(await requestCount(e.emulator, TASK_ROUTE.patch)).toBe(0);
    const steps = await todoSteps(u, task.id);
    expect(shape(steps)).toEqual([
      ['Buy paint', true],
      ['Sand twice', false],
      ['Paint', false],
    ]);
    expect(steps[0].checkedDateTime).toBeTruthy();

    await e.emulator.control.resetStats();
    await updateTask(t.db, u.userId, task.id, { steps: [{ id: sand.id, title: 'Sand twice', checked: false }] });
    await drain(t.db, u.handlers);
    expect(await requestCount(e.emulator, STEP_ROUTE.delete)).toBe(2);
    expect(shape(await todoSteps(u, task.id))).toEqual([['Sand twice', false]]);

    // The pull after our own writes changes nothing and writes nothing.
    await e.emulator.control.resetStats();
    await fullSync(t.db, u);
    expect(await requestCount(e.emulator, STEP_ROUTE.post)).toBe(0);
    expect((await getTask(t.db, u.userId, task.id)).steps.map((s) => s.title)).toEqual(['Sand twice']);
  });

  it('steps added, checked, renamed and deleted in To Do reach Planner, with the time Graph checked them', async () => {
    const u = await pullUser(t.db, e.emulator);
    const task = await createTask(t.db, u.userId, { title: 'Tax return', steps: [{ title: 'Receipts' }, { title: 'Bank statements' }] });
    await drain(t.db, u.handlers);
    await fullSync(t.db, u);
    const copy = await copyOf(u, task.id);
    const c = e.emulator.control;
    const [receipts, bank] = await todoSteps(u, task.id);
    const checked = await c.checkChecklistItem(u.mailboxId, copy.listId, copy.id, receipts.id, true);
    await c.renameChecklistItem(u.mailboxId, copy.listId, copy.id, bank.id, 'Bank statements 2025');
    await c.addChecklistItem(u.mailboxId, copy.listId, copy.id, 'Pension letter');
    await fullSync(t.db, u);
    const after = await getTask(t.db, u.userId, task.id);
    expect(shape(after.steps)).toEqual([
      ['Receipts', true],
      ['Bank statements 2025', false],
      ['Pension letter', false],
    ]);
    expect(after.steps[0].checked_at).toBe(new Date(`${String(checked.checkedDateTime).replace(/Z?$/, 'Z')}`).toISOString());

    await c.deleteChecklistItem(u.mailboxId, copy.listId, copy.id, bank.id);
    await fullSync(t.db, u);
    expect((await getTask(t.db, u.userId, task.id)).steps.map((s) => s.title)).toEqual(['Receipts', 'Pension letter']);
    // Nothing bounced back to To Do.
    expect(shape(await todoSteps(u, task.id))).toEqual([
      ['Receipts', true],
      ['Pension letter', false],
    ]);
  });

  it('a task made in To Do with steps comes to Planner with them', async () => {
    const u = await pullUser(t.db, e.emulator);
    const made = await e.emulator.control.createTask(u.mailboxId, u.inboxListId, { title: 'Pack for the trip' });
    await e.emulator.control.addChecklistItem(u.mailboxId, u.inboxListId, made.id, 'Passport', true);
    await e.emulator.control.addChecklistItem(u.mailboxId, u.inboxListId, made.id, 'Charger');
    await fullSync(t.db, u);
    await drain(t.db, u.handlers);
    const [task] = (await t.db.selectFrom('tasks').selectAll().where('user_id', '=', u.userId).execute()).filter((x) => x.title === 'Pack for the trip');
    expect(shape(task.steps)).toEqual([
      ['Passport', true],
      ['Charger', false],
    ]);
  });

  it('an edit beats a delete: a step checked in Planner but deleted in To Do is made again', async () => {
    const u = await pullUser(t.db, e.emulator);
    const task = await createTask(t.db, u.userId, { title: 'Garden', steps: [{ title: 'Mow' }] });
    await drain(t.db, u.handlers);
    await fullSync(t.db, u);
    const copy = await copyOf(u, task.id);
    const [mow] = await todoSteps(u, task.id);
    await e.emulator.control.deleteChecklistItem(u.mailboxId, copy.listId, copy.id, mow.id);
    const [step] = (await getTask(t.db, u.userId, task.id)).steps;
    await updateTask(t.db, u.userId, task.id, { steps: [{ id: step.id, title: 'Mow', checked: true }] });
    await fullSync(t.db, u);
    await drain(t.db, u.handlers);
    expect(shape(await todoSteps(u, task.id))).toEqual([['Mow', true]]);
    expect(shape((await getTask(t.db, u.userId, task.id)).steps)).toEqual([['Mow', true]]);
  });

  it('a task moved to another project keeps its steps in To Do', async () => {
    const u = await pullUser(t.db, e.emulator);
    const project = await createProject(t.db, u.userId, { name: 'House' });
    const task = await createTask(t.db, u.userId, { title: 'Fix the tap', steps: [{ title: 'Buy washer', checked: true }, { title: 'Turn off water' }] });
    await drain(t.db, u.handlers);
    await moveTask(t.db, u.userId, task.id, project.id);
    await drain(t.db, u.handlers);
    await fullSync(t.db, u);
    expect(await remoteCopies(e.emulator, u.mailboxId, task.id)).toHaveLength(1);
    expect(shape(await todoSteps(u, task.id))).toEqual([
      ['Buy washer', true],
      ['Turn off water', false],
    ]);
    expect(shape((await getTask(t.db, u.userId, task.id)).steps)).toHaveLength(2);
  });
});
