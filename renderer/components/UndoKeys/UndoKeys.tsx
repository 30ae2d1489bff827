import { useCallback, useEffect } from 'react';
import type { EditCommand } from '../../../shared/api.ts';
import { useEditCommands } from '../../store/events.ts';
import { useStore } from '../../store/store.ts';
import { isMac } from '../../platform.ts';

/** Where a key belongs to the field: typing there undoes typing (the browser's own undo). */
function inField(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || target.closest('input, textarea, select, [contenteditable]:not([contenteditable="false"])') !== null);
}

/** Ctrl+Z and Ctrl+Shift+Z (⌘ on macOS; Ctrl+Y too elsewhere) undo and redo the last change, anywhere outside a field. */
export function UndoKeys() {
  const undo = useStore((s) => s.undo);
  const redo = useStore((s) => s.redo);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(isMac ? e.metaKey : e.ctrlKey) || e.altKey || e.repeat || inField(e.target)) return;
      const key = e.key.toLowerCase();
      const isRedo = (key === 'z' && e.shiftKey) || (!isMac && key === 'y' && !e.shiftKey);
      if (key !== 'z' && !isRedo) return;
      e.preventDefault();
      void (isRedo ? redo() : undo());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo]);
  // Edit › Undo and Redo in the desktop menu (on macOS also ⌘Z and ⇧⌘Z, which the menu takes first): the field's own undo inside a field, the account's elsewhere.
  useEditCommands(
    useCallback(
      (command: EditCommand) => {
        if (inField(document.activeElement)) document.execCommand(command);
        else void (command === 'redo' ? redo() : undo());
      },
      [undo, redo],
    ),
  );
  return null;
}
