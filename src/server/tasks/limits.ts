/**
 * Length limits of a task's text, shared by the server's validation (schemas.ts) and the
 * browser's inputs and counters, so the two can never disagree. No imports: client
 * components import this file directly without pulling in any server code.
 */
export const TASK_TITLE_MAX = 400;
export const TASK_NOTES_MAX = 20_000;
