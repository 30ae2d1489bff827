import type { AppError } from '../../../shared/errors.ts';
import { fieldWords } from '../../../shared/errors.ts';

/** `id`: for the field the error is about to name it (`aria-describedby`). */
export type Props = { readonly error: AppError | null; readonly id?: string };

/**
 * An error from the backend in the user's words. A rule the engine's replay found
 * on an event of the account (`events[27].type`) says the rule alone: the event
 * is the one the form was saving, and its place in the log means nothing to the
 * user. A field of the input is named in words ("Blocks"). The path stays in the
 * error's data.
 */
export function errorWords(error: AppError): string {
  const [first] = error.issues ?? [];
  if (!first || (error.issues?.length ?? 0) > 1) return error.message;
  if (/^events\[\d+\]/.test(first.path)) return first.message.charAt(0).toUpperCase() + first.message.slice(1);
  return first.path ? `${fieldWords(first.path)}: ${first.message}` : error.message;
}

/** An expected error from the backend, where the form that caused it can show it. */
export function FormError({ error, id }: Props) {
  if (!error) return null;
  return (
    <p role="alert" className="form-error" id={id}>
      {errorWords(error)}
    </p>
  );
}
