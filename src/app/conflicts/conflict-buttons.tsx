'use client';
/** Keep / Undo of one conflict; a refusal (gone, not yours) shows its message beside the buttons. */
import { useActionState } from 'react';
import { keepConflictAction, undoConflictAction } from './actions';
import styles from './conflicts.module.css';

export function ConflictButtons({ conflictId, taskDeleted, loserName }: { conflictId: string; taskDeleted: boolean; loserName: string }) {
  const [kept, keep] = useActionState(keepConflictAction, null);
  const [undone, undo] = useActionState(undoConflictAction, null);
  const refusal = kept ?? undone;
  return (
    <div className={styles.actions}>
      {refusal ? (
        <p className="form-error" role="alert">
          {refusal.message}
        </p>
      ) : null}
      <form action={keep}>
        <input type="hidden" name="conflictId" value={conflictId} />
        <button type="submit" className="button small">
          Keep
        </button>
      </form>
      <form action={undo}>
        <input type="hidden" name="conflictId" value={conflictId} />
        <button type="submit" className="button small primary" disabled={taskDeleted}>
          Undo: use {loserName}&apos;s value
        </button>
      </form>
    </div>
  );
}
