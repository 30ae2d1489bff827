/**
 * Expected failures cross every boundary as data: a stable `code`, a message a
 * person can act on, and the field it is about. Anything thrown that is not an
 * `ExpectedError` is a bug and is reported as one.
 */

/** Every code an error may carry: the one list the type and the checked messages between processes are built from. */
export const ERROR_CODES = [
  'invalid-json',
  'invalid-file',
  'invalid-event',
  'invalid-input',
  'not-found',
  'conflict',
  /** A call the bridge refused: wrong token, wrong host, foreign origin. */
  'forbidden',
  /** The change could not be written (disk full, no permission, I/O error): nothing was saved. */
  'storage',
  /** The data folder is open read-only (another process holds it, or it cannot be written): nothing was saved. */
  'read-only',
  /** The backend is not ready to answer yet (still opening the data). */
  'unavailable',
  /** A bug: logged, and shown to the user as one. */
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

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

/** What a call gets while the backend is still opening the data folder (the worker and the browser mode's server say the same). */
export const STILL_OPENING: AppError = { code: 'unavailable', message: 'The app is still opening its data; try again in a moment.' };

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

/** What a field is called in words, where it is not its own name spaced out. */
const FIELD_WORDS: Readonly<Record<string, string>> = {
  events: 'event',
  projects: 'project',
  proTiers: 'Pro tier',
  lines: 'line',
  type: 'kind',
  freeQuota: 'Free quota',
  maxMinutes: 'longest video (minutes)',
  monthly: 'price a month',
  annualMonthly: 'price a month, billed annually',
  price: 'price a month',
  format: 'file format',
  ids: 'events',
  id: 'id',
  by: 'member',
};

/** The objects an input wraps its fields in (`event-add`'s `event`, `project-save`'s `project`): not said. */
const WRAPPERS = new Set(['event', 'project', 'plan']);

/**
 * A field's path in words, for a person: `proTiers[1].credits` → "Pro tier 2 credits",
 * `event.blocks` → "Blocks", `events[27].type` → "Event 28 kind". Counting starts at 1.
 * A command-line option (`--credits`) is already in the user's words.
 */
export function fieldWords(path: string): string {
  if (path.startsWith('--')) return path;
  const parts = [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
  const words: string[] = [];
  parts.forEach((part, i) => {
    if (typeof part === 'number') words.push(typeof parts[i - 1] === 'string' ? String(part + 1) : `item ${part + 1}`);
    else if (WRAPPERS.has(part) && i === 0 && parts.length > 1 && typeof parts[1] === 'string') return;
    else words.push(FIELD_WORDS[part] ?? part.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/-/g, ' ').toLowerCase());
  });
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * An error made of issues: the message is the first issue, its field named in words
 * (and how many more there are); the issues keep their paths, and `field` the first one's.
 */
export function errorFromIssues(code: ErrorCode, issues: readonly Issue[]): AppError {
  const [first] = issues;
  if (!first) return { code, message: 'invalid input' };
  const head = first.path ? `${fieldWords(first.path)}: ${first.message}` : first.message;
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
