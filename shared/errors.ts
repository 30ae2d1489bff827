/**
 * Expected failures cross every boundary as data: a stable `code`, a message a
 * person can act on, and the field it is about. Anything thrown that is not an
 * `ExpectedError` is a bug and is reported as one.
 */

export type ErrorCode =
  | 'invalid-json'
  | 'invalid-file'
  | 'invalid-event'
  | 'invalid-input'
  | 'not-found'
  | 'conflict'
  /** A call the bridge refused: wrong token, wrong host, foreign origin. */
  | 'forbidden'
  /** The change could not be written (disk full, no permission, I/O error): nothing was saved. */
  | 'storage'
  /** The data folder is open read-only (another process holds it, or it cannot be written): nothing was saved. */
  | 'read-only'
  /** The backend is not ready to answer yet (still opening the data). */
  | 'unavailable'
  /** A bug: logged, and shown to the user as one. */
  | 'internal';

export interface Issue {
  /** Where, as a path like `events[12].feature`; empty for the whole input. */
  readonly path: string;
  /** The rule that was broken, said so a person can fix it. */
  readonly message: string;
}

export interface AppError {
  readonly code: ErrorCode;
  /** One line: the first issue, or a summary. */
  readonly message: string;
  readonly field?: string;
  readonly issues?: readonly Issue[];
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppError };

export class ExpectedError extends Error {
  readonly error: AppError;
  constructor(error: AppError) {
    super(error.message);
    this.name = 'ExpectedError';
    this.error = error;
  }
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(error: AppError): Result<T> {
  return { ok: false, error };
}

/** An error made of issues: the message is the first issue (and how many more there are). */
export function errorFromIssues(code: ErrorCode, issues: readonly Issue[]): AppError {
  const [first] = issues;
  if (!first) return { code, message: 'invalid input' };
  const head = first.path ? `${first.path}: ${first.message}` : first.message;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more ${issues.length === 2 ? 'problem' : 'problems'})` : '';
  return { code, message: head + more, field: first.path || undefined, issues };
}

/** Throw an expected error about one field. Used deep in the engine; caught at its entry points. */
export function reject(code: ErrorCode, path: string, message: string): never {
  throw new ExpectedError(errorFromIssues(code, [{ path, message }]));
}

/** Run `fn`, turning an `ExpectedError` into a failed result; anything else is a bug and propagates. */
export function attempt<T>(fn: () => T): Result<T> {
  try {
    return ok(fn());
  } catch (e) {
    if (e instanceof ExpectedError) return fail(e.error);
    throw e;
  }
}
