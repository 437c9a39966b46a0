/**
 * Task order within a list: positions are floats, a move takes the midpoint of
 * its new neighbours, and the list is renumbered 1..n when floats run out.
 */
import type { Tx } from '../../db/client';
import type { Task } from '../../db/schema';
import { listPositions, setTaskPosition } from '../../db/tasks-repository';
import { InvalidInputError } from '../projects/errors';

/** The position between `before` and `after` (either may be missing), or null when there is no room. */
export function positionBetween(before: number | undefined, after: number | undefined): number | null {
  if (before === undefined && after === undefined) return 1;
  if (before === undefined) return after! - 1;
  if (after === undefined) return before + 1;
  const mid = (before + after) / 2;
  return mid > before && mid < after ? mid : null;
}

export async function placeTaskAfter(tx: Tx, userId: string, task: Task, afterId: string | null): Promise<Task> {
  if (afterId === task.id) return task;
  const others = (await listPositions(tx, userId, task.project_id)).filter((t) => t.id !== task.id);
  const index = afterId === null ? -1 : others.findIndex((t) => t.id === afterId);
  if (index === -1 && afterId !== null) {
    throw new InvalidInputError('unknown_task', 'after_id must be a task in the same list', 'after_id');
  }
  const position = positionBetween(others[index]?.position, others[index + 1]?.position);
  if (position !== null) return (await setTaskPosition(tx, userId, task.id, position))!;
  const ordered = [...others.slice(0, index + 1).map((t) => t.id), task.id, ...others.slice(index + 1).map((t) => t.id)];
  let moved: Task | undefined;
  for (const [i, id] of ordered.entries()) {
    const row = await setTaskPosition(tx, userId, id, i + 1);
    if (id === task.id) moved = row;
  }
  return moved!;
}
