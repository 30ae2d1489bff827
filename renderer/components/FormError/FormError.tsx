import type { AppError } from '../../../shared/errors.ts';

export type Props = { readonly error: AppError | null };

/** An expected error from the backend, where the form that caused it can show it. */
export function FormError({ error }: Props) {
  if (!error) return null;
  return (
    <p role="alert" className="form-error">
      {error.message}
    </p>
  );
}
