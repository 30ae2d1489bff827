import { useEffect, useId, useRef, type ReactNode } from 'react';

export type Props = {
  /** The question, naming what is done: "Undo “Reset the account”?". */
  readonly title: string;
  /** What doing it changes, in the numbers the user knows. */
  readonly children: ReactNode;
  /** The button that does it: "Undo it", "Restore". */
  readonly confirmLabel: string;
  readonly onConfirm: () => void;
  /** Cancel, Escape: nothing is done. */
  readonly onCancel: () => void;
};

/** A question before a change that replaces the account as a whole: modal, with Cancel (the safe choice) focused. */
export function Confirm({ title, children, confirmLabel, onConfirm, onCancel }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => dialog.current?.showModal(), []);
  return (
    <dialog ref={dialog} className="card confirm" aria-labelledby={titleId} onClose={onCancel}>
      <h2 id={titleId}>{title}</h2>
      {children}
      <div className="dialog-actions">
        <button type="button" autoFocus onClick={() => dialog.current?.close()}>
          Cancel
        </button>
        <button type="button" className="danger-button" onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
