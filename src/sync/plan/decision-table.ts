/**
 * A decision table (vdirsyncer's `_get_actions`, written as rows): each row names one
 * rule of the conflict policy (docs/decisions/0044-conflict-policy.md), says when it
 * applies as a predicate over plain facts, and what to do. Rows are mutually exclusive
 * and together total: for any consistent set of facts exactly one row applies. The
 * tables' tests check that exhaustively over each table's fact space (plan.property.test.ts).
 */

export interface Row<F, A extends string> {
  /** Stable id, quoted in logs, job results and the conflict policy, e.g. 'pull.present.edit-beats-delete'. */
  id: string;
  /** The rule in one sentence, as the conflict policy states it. */
  rule: string;
  when: (facts: F) => boolean;
  then: A;
}

export interface Decision<A extends string> {
  action: A;
  /** The row that decided. */
  rowId: string;
  rule: string;
}

export class DecisionTableError extends Error {
  readonly name = 'DecisionTableError';
}

/** The rows whose predicate holds for `facts` (exactly one in a sound table). */
export function matchingRows<F, A extends string>(table: readonly Row<F, A>[], facts: F): Row<F, A>[] {
  return table.filter((row) => row.when(facts));
}

/** The one row that applies; a gap or an overlap is a bug in the table and throws. */
export function decide<F, A extends string>(table: readonly Row<F, A>[], facts: F): Decision<A> {
  const rows = matchingRows(table, facts);
  if (rows.length !== 1) {
    const which = rows.length === 0 ? 'no row' : `rows ${rows.map((r) => r.id).join(', ')}`;
    throw new DecisionTableError(`decision table: ${which} for ${JSON.stringify(facts)}`);
  }
  const [row] = rows;
  return { action: row.then, rowId: row.id, rule: row.rule };
}

/** Every combination of the given value lists, as objects (a table's fact space). */
export function product<T extends Record<string, readonly unknown[]>>(space: T): { [K in keyof T]: T[K][number] }[] {
  let out: Record<string, unknown>[] = [{}];
  for (const [key, values] of Object.entries(space)) {
    out = out.flatMap((partial) => values.map((value) => ({ ...partial, [key]: value })));
  }
  return out as { [K in keyof T]: T[K][number] }[];
}
