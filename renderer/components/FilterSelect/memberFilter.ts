/**
 * The member filter of a list (the usage log, the history): every member, and the usages that name nobody. The API
 * says "nobody" as `by: ''`; the select says it as a value no member's name can be (names are trimmed), since its
 * empty value means every usage.
 */
import type { Option } from './FilterSelect.tsx';

const NOBODY = ' ';

/** The filter's choices: "No member", then each member. */
export function memberOptions(members: readonly string[]): Option[] {
  return [{ value: NOBODY, label: 'No member' }, ...members.map((m) => ({ value: m, label: m }))];
}

/** The API's `by` for a value of the select (undefined: every usage). */
export function memberOfOption(value: string): string | undefined {
  return value === '' ? undefined : value === NOBODY ? '' : value;
}

/** The select's value for the API's `by`. */
export function optionOfMember(by: string | undefined): string {
  return by === undefined ? '' : by === '' ? NOBODY : by;
}
