'use server';
/** Server actions of /conflicts: keep the automatic outcome, or undo it (Next checks their origin). */
import { revalidatePath } from 'next/cache';
import { keepConflict, undoConflict } from '@/server/sync/conflicts-service';
import { actionContext } from '../_lib/page-context';

async function act(formData: FormData, run: typeof keepConflict): Promise<void> {
  const { db, user } = await actionContext();
  const id = String(formData.get('conflictId') ?? '');
  await run(db, user.id, id);
  revalidatePath('/conflicts');
}

export async function keepConflictAction(formData: FormData): Promise<void> {
  await act(formData, keepConflict);
}

export async function undoConflictAction(formData: FormData): Promise<void> {
  await act(formData, undoConflict);
  revalidatePath('/inbox');
}
