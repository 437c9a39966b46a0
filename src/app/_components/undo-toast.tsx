'use client';
/** A short-lived message at the bottom of the screen, optionally with an Undo button (also ⌘Z / Ctrl+Z). */
import { useEffect } from 'react';

export interface Toast {
  id: number;
  message: string;
  undo?: () => void;
}

const TOAST_MS = 8000;

export function UndoToast({ toast, onDismiss }: { toast: Toast | null; onDismiss: () => void }) {
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(onDismiss, TOAST_MS);
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (target.closest('input, textarea, select')) return;
      if (toast.undo && (event.metaKey || event.ctrlKey) && event.key.toLowerCase() === 'z') {
        event.preventDefault();
        toast.undo();
        onDismiss();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('keydown', onKey);
    };
  }, [toast, onDismiss]);

  return (
    <div className="toast-region" role="status" aria-live="polite">
      {toast ? (
        <div className="toast" key={toast.id}>
          <span>{toast.message}</span>
          {toast.undo ? (
            <button
              type="button"
              className="toast-action"
              onClick={() => {
                toast.undo?.();
                onDismiss();
              }}
            >
              Undo
            </button>
          ) : null}
          <button type="button" className="toast-close" aria-label="Dismiss" onClick={onDismiss}>
            ×
          </button>
        </div>
      ) : null}
    </div>
  );
}
