/**
 * The quick entry's keys typed before its form's code has loaded (the first Ctrl+K after the app opens), read as
 * the form reads them once it is there: the feature's text, Enter to pick its best match, the amount, Enter to log.
 */

export interface EarlyEntry {
  /** What the feature field holds. */
  readonly feature: string;
  /** Enter followed the feature: its best match is picked, and what follows is the amount. */
  readonly picked: boolean;
  /** The amount typed after the pick ('' for the field's default). */
  readonly amount: string;
  /** Enter followed the amount too: the usage is logged. */
  readonly submitted: boolean;
}

/** `keys`: each key pressed, in order, as KeyboardEvent.key names it (a character, 'Backspace' or 'Enter'). */
export function earlyEntry(keys: readonly string[]): EarlyEntry {
  let feature = '';
  let amount = '';
  let enters = 0;
  for (const key of keys) {
    if (enters === 2) break;
    if (key === 'Enter') {
      // Enter in an empty feature field picks nothing, as in the form.
      if (enters > 0 || feature.trim() !== '') enters += 1;
    } else if (key === 'Backspace') {
      if (enters === 0) feature = feature.slice(0, -1);
      else amount = amount.slice(0, -1);
    } else if ([...key].length === 1) {
      if (enters === 0) feature += key;
      else amount += key;
    }
  }
  return { feature, picked: enters > 0, amount, submitted: enters === 2 };
}
