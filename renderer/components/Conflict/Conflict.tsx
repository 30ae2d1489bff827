import type { AppError } from '../../../shared/errors.ts';

export type Props = {
  /** The backend's conflict: another window changed what this form was editing. */
  readonly error: AppError;
  /** Drop this window's edit and show the other's. */
  readonly onReload: () => void;
  /** Save this window's edit over the other's. */
  readonly onOverwrite: () => void;
  /** What Overwrite does here, when it is not a save ("Delete anyway"), and the sentence that offers both. */
  readonly overwriteLabel?: string;
  readonly hint?: string;
};

/** A save refused because another window changed the same thing since this one showed it: the choice between theirs and mine. */
export function Conflict({ error, onReload, onOverwrite, overwriteLabel = 'Overwrite', hint = 'Reload to see their version (your edit here is dropped), or overwrite it with yours.' }: Props) {
  return (
    <div role="alert" className="conflict">
      <p>
        {error.message} <span className="muted-inline">{hint}</span>
      </p>
      <div className="conflict__actions">
        <button type="button" className="primary" onClick={onReload}>
          Reload
        </button>
        <button type="button" className="button--danger" onClick={onOverwrite}>
          {overwriteLabel}
        </button>
      </div>
    </div>
  );
}

/** Whether an error is a stale save of `object` (the backend names it as the field). */
export function isStale(error: AppError | null, object: 'project' | 'settings' | 'catalog' | 'event'): error is AppError & { readonly code: 'conflict' } {
  return error?.code === 'conflict' && error.field === object;
}
