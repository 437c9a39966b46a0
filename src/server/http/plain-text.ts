/**
 * Text we store must not hold NUL (U+0000): Postgres text cannot (error 22021), so
 * without this check a title with "\u0000" was a 500. Every string schema that
 * reaches the database refines with `noNul`; the 400 names the field.
 */
import type { z } from 'zod';

export const NUL = '\u0000';

export function containsNul(value: string): boolean {
  return value.includes(NUL);
}

/** Refines a string schema: no NUL characters, with a message naming `label`. */
export function noNul<T extends z.ZodType<string>>(schema: T, label: string) {
  return schema.refine((v) => !containsNul(v), { error: `${label} can’t contain NUL characters (\\u0000)` });
}
