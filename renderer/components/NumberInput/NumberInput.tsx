import { useEffect, useState } from 'react';
import { numberRead } from '../../../shared/formats/typed.ts';
import { numberParse } from '../../format.ts';

export type Props = {
  /** The field's accessible name. */
  readonly label: string;
  /** The number the field stands for; undefined when it is empty or not a number. */
  readonly value: number | undefined;
  readonly onChange: (value: number | undefined) => void;
  /** Whole numbers only (a count of videos). */
  readonly whole?: boolean;
  /** What an empty field means (its default, shown greyed); without one, an empty field is marked as missing. */
  readonly placeholder?: string;
};

/**
 * A number field that keeps what the user types: `2.` stays `2.` on the way to
 * `2.5` (a field that showed its parsed number back turned `2.5` into 25), an
 * emptied field stays empty rather than 0, `2,5` reads as 2.5 (the shared rule, in
 * the user's locale), and anything that is not a number says what is wrong and
 * stands for no number at all, never NaN or 0.
 */
export function NumberInput({ label, value, onChange, whole = false, placeholder }: Props) {
  const [text, setText] = useState(value === undefined ? '' : String(value));
  useEffect(() => {
    // Only a change from outside (another line, a loaded project) rewrites the text: `text` is left out of
    // the dependencies on purpose, since what the user types is theirs.
    if (numberParse(text, whole) !== value) setText(value === undefined ? '' : String(value));
  }, [value, whole]);
  const read = numberRead(text, { whole });
  const invalid = text.trim() !== '' && !read.ok;
  return (
    <span className="number-input">
      <input
        aria-label={label}
        inputMode={whole ? 'numeric' : 'decimal'}
        value={text}
        placeholder={placeholder}
        aria-invalid={invalid || (placeholder === undefined && text.trim() === '')}
        onChange={(e) => {
          setText(e.target.value);
          onChange(numberParse(e.target.value, whole));
        }}
      />
      {invalid && !read.ok && <span className="field-error">{read.message}</span>}
    </span>
  );
}
