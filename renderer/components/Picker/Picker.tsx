import { useId, useState, type KeyboardEvent, type Ref } from 'react';

export interface Choice {
  readonly value: string;
  readonly label: string;
}

export type Props = {
  /** The field's visible name. */
  readonly label: string;
  /** What is chosen: a choice's value, or (with `free`) any text. */
  readonly value: string;
  /** The text shown for a value while the field is not being typed in. */
  readonly display: (value: string) => string;
  /** The choices that what has been typed could mean, best first. */
  readonly search: (text: string) => readonly Choice[];
  readonly onPick: (value: string) => void;
  /** Any text is a value (a new project name); otherwise only a choice is. */
  readonly free?: boolean;
  /** After a choice is picked with Enter: where to go next. */
  readonly onPicked?: () => void;
  /** A key the field's owner handles first (a digit for a usual feature); true when it did. */
  readonly onKey?: (e: KeyboardEvent<HTMLInputElement>, typed: boolean) => boolean;
  readonly inputRef?: Ref<HTMLInputElement>;
  /** Text typed before the field was drawn (the quick entry's, while its code loaded): shown as typed, its matches listed. */
  readonly typedFirst?: string;
  readonly placeholder?: string;
  readonly invalid?: boolean;
  readonly describedBy?: string;
  /** What to say when nothing matches what was typed (without `free`). */
  readonly nothing?: (text: string) => string;
};

/**
 * A text field that picks from a list as you type (the ARIA combobox pattern):
 * the best match is highlighted, Enter or Tab takes it, the arrows move, Escape
 * puts back what was chosen. The list floats over the fields below it.
 */
export function Picker({ label, value, display, search, onPick, free = false, onPicked, onKey, inputRef, typedFirst, placeholder, invalid, describedBy, nothing }: Props) {
  const id = useId();
  // What is being typed; while nothing is, the field shows the value's text, in the same drawing as the value (a
  // reset, a repeated entry), so that a cursor put there at once selects that text, not what it replaces.
  const [text, setText] = useState(typedFirst ?? '');
  const [typed, setTyped] = useState(Boolean(typedFirst));
  const [active, setActive] = useState(0);
  const shown = typed ? text : display(value);
  const choices = typed ? search(text).slice(0, 8) : [];
  const open = typed && choices.length > 0;

  /** Stop typing: the choice is the value (none: with `free` the text typed is, already; otherwise the value stays). */
  function take(choice: Choice | undefined) {
    setTyped(false);
    if (choice) onPick(choice.value);
  }

  function keyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (onKey?.(e, typed && text !== '')) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!open) return;
      e.preventDefault();
      setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : choices.length - 1)) % choices.length);
    } else if (e.key === 'Enter' && typed) {
      if (!open && free) return take(undefined);
      e.preventDefault();
      if (!open) return;
      take(choices[active]);
      onPicked?.();
    } else if (e.key === 'Tab' && open) take(choices[active]);
    else if (e.key === 'Escape' && typed) {
      e.preventDefault();
      setTyped(false);
    }
  }

  return (
    <label className="picker">
      {label}
      <input
        ref={inputRef}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={`${id}-list`}
        aria-activedescendant={open ? `${id}-${active}` : undefined}
        aria-invalid={invalid || (typed && !free && choices.length === 0)}
        aria-describedby={describedBy}
        autoComplete="off"
        placeholder={placeholder}
        value={shown}
        onFocus={(e) => e.target.select()}
        onChange={(e) => {
          setText(e.target.value);
          setTyped(true);
          setActive(0);
          if (free) onPick(e.target.value);
        }}
        onKeyDown={keyDown}
        onBlur={() => typed && take(free ? undefined : choices[active])}
      />
      <ul role="listbox" id={`${id}-list`} aria-label={label} className="picker__list" hidden={!open}>
        {choices.map((c, i) => (
          <li key={c.value} id={`${id}-${i}`} role="option" aria-selected={i === active} onMouseDown={(e) => e.preventDefault()} onClick={() => take(c)}>
            {c.label}
          </li>
        ))}
      </ul>
      {typed && !free && choices.length === 0 && text.trim() !== '' && <span className="field-error">{nothing ? nothing(text) : `nothing matches “${text}”`}</span>}
    </label>
  );
}
