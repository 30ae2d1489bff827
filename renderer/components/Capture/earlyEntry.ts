/**
 * The quick entry's keys typed before its form's code has loaded (the first Ctrl+K after the app opens), read as
 * the form reads them once it is there, field by field as the screen's hint says: the feature's text and Enter (or
 * Tab) to pick its best match, or a digit for a usual one; the amount; Tab on to the project and the member, each
 * picking its best match with Enter or Tab, or kept as typed; Enter to log.
 */

/** The fields the keys move through, in the form's order. */
export const EARLY_FIELDS = ['feature', 'amount', 'project', 'member'] as const;
export type EarlyField = (typeof EARLY_FIELDS)[number];

/** What a field's text picks, as the form's pickers match it (undefined: nothing matches). */
export interface EarlyChoices {
  /** The feature a text picks: its best match. */
  readonly feature: (text: string) => string | undefined;
  /** The usual feature a digit picks in the empty feature field (1 for the first). */
  readonly usual: (n: number) => string | undefined;
  readonly project: (text: string) => string | undefined;
  readonly member: (text: string) => string | undefined;
}

/** A project or member field as the keys left it: what it holds (null: untouched, the form's own value), and whether it is still being typed in (its matches listed). */
export interface EarlyName {
  readonly text: string | null;
  readonly typing: boolean;
}

export interface EarlyEntry {
  /** What was typed in the feature field (shown while the form loads). */
  readonly feature: string;
  /** The feature picked (its id), if any. */
  readonly picked: string | undefined;
  /** The amount typed (null: the field's default, untouched). */
  readonly amount: string | null;
  readonly project: EarlyName;
  readonly member: EarlyName;
  /** Where the cursor is when the keys end (the member when it went past it: the form takes it from there). */
  readonly at: EarlyField;
  /** Enter logged the entry: the keys after it are not this entry's. */
  readonly submitted: boolean;
}

interface Field {
  text: string | null;
  /** Typed in since the cursor came: its matches are listed. */
  typing: boolean;
  /** Its text is selected (the cursor came with Tab or a pick): the next character replaces it. */
  selected: boolean;
}

/**
 * `keys`: each key pressed, in order, as KeyboardEvent.key names it (a character, 'Backspace', 'Enter', 'Tab', or
 * 'Shift+Tab'); `choices`: what a text picks in each field.
 */
export function earlyEntry(keys: readonly string[], choices: EarlyChoices): EarlyEntry {
  const fields: Record<EarlyField, Field> = {
    feature: { text: '', typing: false, selected: false },
    amount: { text: null, typing: false, selected: false },
    project: { text: null, typing: false, selected: false },
    member: { text: null, typing: false, selected: false },
  };
  let picked: string | undefined;
  let at: EarlyField = 'feature';
  let submitted = false;

  const moveTo = (to: EarlyField) => {
    at = to;
    fields[to].selected = true;
    fields[to].typing = false;
  };
  /** Enter or Tab in a field being typed in: its best match, if it has one. */
  const match = (field: Field, of: (text: string) => string | undefined) => (field.typing ? of(field.text ?? '') : undefined);
  /** The cursor leaves the field it is in (Tab, Shift+Tab): a picker being typed in takes its best match (the feature's typed text, none, goes back). */
  const leave = () => {
    const field = fields[at];
    if (at === 'feature') {
      picked = match(field, choices.feature) ?? picked;
      if (field.typing && picked === undefined) field.text = '';
    } else if (at !== 'amount') field.text = match(field, choices[at]) ?? field.text;
    field.typing = false;
  };

  /** The cursor went past the member (to the videos, the date): its characters are not kept there, and Enter logs. */
  let past = false;
  for (const key of keys) {
    if (submitted) break;
    const field = fields[at];
    if (past) {
      if (key === 'Enter') submitted = true;
      else if (key === 'Shift+Tab') {
        past = false;
        moveTo(at);
      }
    } else if (key === 'Tab' || key === 'Shift+Tab') {
      const to = EARLY_FIELDS[EARLY_FIELDS.indexOf(at) + (key === 'Tab' ? 1 : -1)];
      // Before the feature: the dialog's own button, not a field.
      if (to === undefined && key === 'Shift+Tab') continue;
      leave();
      if (to === undefined) past = true;
      else moveTo(to);
    } else if (key === 'Enter') {
      if (at === 'feature') {
        // Enter picks the feature's best match and goes on to the amount; with nothing that matches it waits; in the
        // field come back to (a feature picked), it logs.
        const feature = match(field, choices.feature);
        if (feature === undefined) {
          if (!field.typing && picked !== undefined) submitted = true;
          continue;
        }
        picked = feature;
        field.typing = false;
        moveTo('amount');
      } else if (at === 'amount') submitted = true;
      else {
        // In the project or the member: Enter takes the best match of what is being typed, if any; otherwise it logs.
        const name = match(field, choices[at]);
        if (name === undefined) submitted = true;
        else {
          field.text = name;
          field.typing = false;
        }
      }
    } else if (key === 'Backspace') {
      field.text = field.selected ? '' : (field.text ?? '').slice(0, -1);
      field.selected = false;
      field.typing = true;
    } else if ([...key].length === 1) {
      const usual = at === 'feature' && field.text === '' && /^[1-9]$/.test(key) ? choices.usual(Number(key)) : undefined;
      if (usual !== undefined) {
        picked = usual;
        moveTo('amount');
        continue;
      }
      field.text = field.selected ? key : (field.text ?? '') + key;
      field.selected = false;
      field.typing = true;
    }
  }
  const name = (field: Field): EarlyName => ({ text: field.text, typing: field.typing });
  return { feature: fields.feature.text ?? '', picked, amount: fields.amount.text, project: name(fields.project), member: name(fields.member), at, submitted };
}
