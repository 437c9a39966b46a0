'use server';
/**
 * Server actions of /conflicts: keep the automatic outcome, or undo it (Next checks
 * their origin). An unknown or foreign conflict id answers a message, not a 500.
 */
import { revalidatePath } from 'next/cache';
import { UnauthorizedError } from '@/server/auth/errors';
import { reviewConflict } from '@/server/conflicts/conflicts-service';
import { actionContext } from '../_lib/page-context';

/** What the buttons show after a click: null = done (the page re-renders). */
export type ConflictActionState = { message: string } | null;

async function act(formData: FormData, choice: 'keep' | 'undo'): Promise<ConflictActionState> {
  const context = await actionContext().catch((error: unknown) => {
    if (error instanceof UnauthorizedError) return null;
    throw error;
  });
  if (!context) return { message: 'Sign in to continue' };
  const { db, user } = context;
  const result = await reviewConflict(db, user.id, String(formData.get('conflictId') ?? ''), choice);
  revalidatePath('/conflicts');
  if (choice === 'undo' && result.ok) revalidatePath('/inbox');
  return result.ok ? null : { message: result.message };
}

export async function keepConflictAction(_state: ConflictActionState, formData: FormData): Promise<ConflictActionState> {
  return act(formData, 'keep');
}

export async function undoConflictAction(_state: ConflictActionState, formData: FormData): Promise<ConflictActionState> {
  return act(formData, 'undo');
}
