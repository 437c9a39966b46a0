/**
 * What CI's convergence runs leave out. Nothing, now: every command kind converges in
 * the soak runs recorded in issue 9's closing note. The divergences once excluded here
 * (reconnect without bases, a task moved in Outlook then edited in Planner, a due date
 * cleared in Outlook, a project deleted right after a move into it, a list deleted in
 * Outlook during a crashed move) are fixed (decisions 0034–0037), and the shortest
 * sequences found since are replayed by regressions.ts. When a new command kind does
 * not converge yet, exclude it here with its shortest sequence, and say so in issue 9.
 */
import type { CommandMix } from './commands';

/** Every command kind, the second user included; a third of the sequences start with every hostile quirk on (issue 14 §5). */
export const CI_MIX: CommandMix = { exclude: [], hostileShare: 0.3, peer: true };
