/**
 * Numbers and lengths as people type them, read one way everywhere: the forms,
 * the usage import (and so the command line), the budget field.
 *
 * The rule for numbers: digits, with `.` or `,` as the decimal mark and spaces
 * (or the locale's own grouping character) between thousands. With both marks,
 * the last one is the decimal mark and the other groups thousands by threes
 * (`1,234.5`, `1.234,5`); a mark used twice groups thousands (`1,000,000`).
 * A single mark followed by exactly three digits (`1,500`, `1.500`) is read as
 * the user's locale uses that mark (in English `1,500` is 1500 and `1.500` is
 * 1.5; in German the other way round). Where no locale applies (a file from
 * anyone), `.` is a decimal point, as programs write numbers, and `1,500` is
 * refused as ambiguous with both readings said; so is a mark the locale uses
 * for neither. A whole-number field reads it as thousands. No sign.
 *
 * Lengths: a number in the field's own unit (`2.5`), a clock (`1:30` is one
 * minute thirty, `1:02:03` an hour and more), or amounts with units (`90s`,
 * `2 min`, `1h 5m`, `1.5h`).
 */

export type Typed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export interface ReadOptions {
  /** The user's locale (undefined: the runtime's); null where none applies, as for a file. */
  readonly locale?: string | null;
  /** Whole numbers only (a count of videos, seats, blocks). */
  readonly whole?: boolean;
}

interface Separators {
  readonly decimal: string;
  readonly group: string;
}

const separatorCache = new Map<string, Separators>();

/**
 * The locale's decimal mark and thousands separator, as `Intl.NumberFormat` writes them: in a number of seven digits,
 * which every locale groups (Ewe groups from six digits only: 123,456 but 12345).
 */
export function separatorsRead(locale: string | undefined): Separators {
  const parts = new Intl.NumberFormat(locale).formatToParts(1234567.8);
  const decimal = parts.find((p) => p.type === 'decimal')?.value;
  const group = parts.find((p) => p.type === 'group')?.value;
  // Stryker disable next-line StringLiteral: every locale the runtime knows (454 checked) writes both marks in this number; the defaults are the type's only.
  return { decimal: decimal ?? '.', group: group ?? ',' };
}

/** `separatorsRead`, once per locale: every cell of a long file asks. */
function separatorsOf(locale: string | undefined): Separators {
  // Stryker disable next-line StringLiteral: any key for the runtime's own locale reads the same separators.
  const key = locale ?? '';
  let found = separatorCache.get(key);
  // Stryker disable next-line ConditionalExpression: reading them again gives the same separators.
  if (!found) {
    found = separatorsRead(locale);
    separatorCache.set(key, found);
  }
  return found;
}

function failed<T>(message: string): Typed<T> {
  return { ok: false, message };
}

const EXAMPLE = { whole: 'a whole number, like 2', any: 'a number, like 2.5' } as const;

/** Thousands in groups of three after a first group of one to three digits. */
function groupsAreThousands(groups: readonly string[]): boolean {
  return /^\d{1,3}$/.test(groups[0]!) && groups.slice(1).every((g) => /^\d{3}$/.test(g));
}

function notNumber(shown: string, whole: boolean): Typed<number> {
  return failed(`"${shown}" is not ${whole ? 'a whole number' : 'a number'}; type ${whole ? EXAMPLE.whole : EXAMPLE.any}`);
}

/** The number `plain` (digits, a decimal point) makes; or why not: a second point, too large to hold, not whole where it must be. */
function numberOf(plain: string, shown: string, whole: boolean): Typed<number> {
  const value = Number(plain);
  if (!Number.isFinite(value)) return notNumber(shown, whole);
  if (whole && !Number.isInteger(value)) return failed(`"${shown}" is not a whole number; type ${EXAMPLE.whole}`);
  return { ok: true, value };
}

/** A number typed by a person (the rule above), or what is wrong with it, in words. */
export function numberRead(text: string, options: ReadOptions = {}): Typed<number> {
  const whole = options.whole ?? false;
  const example = whole ? EXAMPLE.whole : EXAMPLE.any;
  const shown = text.trim();
  if (shown === '') return failed(`required; type ${example}`);
  if (/^[-−]\s*\d/.test(shown)) return failed('must not be negative');
  const separators = options.locale === null ? null : separatorsOf(options.locale);
  // The common case, and every cell of a long file: plain digits with a decimal point where it cannot be a thousands separator.
  // A shortcut only: the rule below reads each text it takes as the same number.
  // Stryker disable next-line Regex: the shortcut only.
  const plainDecimal = /^\d+(?:\.(\d+))?$/.exec(shown);
  // Stryker disable next-line ConditionalExpression,LogicalOperator,StringLiteral: the shortcut only.
  if (plainDecimal && (plainDecimal[1] === undefined || ((separators === null || separators.decimal === '.') && !whole))) return numberOf(shown, shown, whole);
  // Spaces between digits group thousands, and so does the locale's own grouping character ('1 500', "1'500").
  let t = shown.replace(/(?<=\d)[\s\u00a0\u202f](?=\d)/g, '');
  if (separators && separators.group !== '.' && separators.group !== ',') t = t.split(separators.group).join('');
  if (!/^\d+([.,]\d+)*$/.test(t)) return notNumber(shown, whole);
  const marks = t.replace(/\d/g, '');
  let plain: string;
  if (marks === '') plain = t;
  else if (marks.includes('.') && marks.includes(',')) {
    const decimal = marks.at(-1)!;
    const groups = t.split(decimal === '.' ? ',' : '.');
    const last = groups.pop()!;
    // A decimal mark used twice is caught below: it leaves two points in the digits, which are not a number.
    if (!groupsAreThousands([...groups, last.split(decimal)[0]!])) return notNumber(shown, whole);
    plain = [...groups, last].join('').replace(decimal, '.');
  } else if (marks.length > 1) {
    const groups = t.split(marks[0]!);
    if (!groupsAreThousands(groups)) return notNumber(shown, whole);
    plain = groups.join('');
  } else {
    const [int, frac] = t.split(marks) as [string, string];
    // Only a mark after one to three digits (not 0) and before exactly three could be grouping thousands.
    const couldGroup = frac.length === 3 && /^[1-9]\d{0,2}$/.test(int);
    let grouping = false;
    if (couldGroup && whole) grouping = true;
    else if (couldGroup) {
      if ((separators?.decimal ?? '.') === marks) grouping = false;
      else if (separators?.group === marks) grouping = true;
      else return failed(`"${shown}" could be ${int}${frac} or ${Number(`${int}.${frac}`)}; type ${int}${frac} or ${Number(`${int}.${frac}`)}`);
    }
    plain = grouping ? int + frac : `${int}.${frac}`;
  }
  return numberOf(plain, shown, whole);
}

/** A length as the usage log records it: minutes or seconds, as typed. */
export type Length = { readonly minutes: number } | { readonly seconds: number };

export function lengthSeconds(length: Length): number {
  return 'minutes' in length ? length.minutes * 60 : length.seconds;
}

const UNIT_SECONDS: Record<string, number> = { h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600, m: 60, min: 60, mins: 60, minute: 60, minutes: 60, s: 1, sec: 1, secs: 1, second: 1, seconds: 1 };

export interface LengthOptions {
  /** What a bare number means: minutes for most features, seconds for one billed by the second. */
  readonly unit: 'minutes' | 'seconds';
  readonly locale?: string | null;
}

/** A length typed by a person: `2.5` (in `unit`), `1:30`, `1:02:03`, `90s`, `2 min`, `1h 5m`; or what is wrong with it. */
export function lengthRead(text: string, options: LengthOptions): Typed<Length> {
  const shown = text.trim();
  const example = `type ${options.unit} like ${options.unit === 'minutes' ? '2.5' : '90'}, or 90s, 1:30, 1h 5m`;
  if (shown === '') return failed(`required; ${example}`);
  const clock = /^(?:(\d+):)?(\d{1,3}):(\d{2})$/.exec(shown);
  if (clock) {
    const [, h, m, s] = clock;
    if (Number(s) >= 60 || (h !== undefined && Number(m) >= 60)) return failed(`"${shown}" is not a time on a clock; minutes and seconds go up to 59`);
    return { ok: true, value: { seconds: Number(h ?? 0) * 3600 + Number(m) * 60 + Number(s) } };
  }
  const bare = numberRead(shown, { locale: options.locale });
  if (bare.ok) return { ok: true, value: options.unit === 'minutes' ? { minutes: bare.value } : { seconds: bare.value } };
  if (/^\d[\d.,\s]*$/.test(shown)) return bare;
  const notLength = failed<Length>(`"${shown}" is not a length; ${example}`);
  const parts = [...shown.toLowerCase().matchAll(/(\d[\d.,]*)\s*([a-z]+)\s*/gy)];
  // Amounts that do not make up the whole text (none at all, or something before, between or after them).
  if (parts.reduce((n, p) => n + p[0].length, 0) !== shown.length) return notLength;
  let seconds = 0;
  const units = new Set<number>();
  for (const [, amount, unit] of parts) {
    const per = UNIT_SECONDS[unit!];
    const n = numberRead(amount!, { locale: options.locale });
    if (per === undefined || units.has(per)) return notLength;
    if (!n.ok) return n;
    units.add(per);
    seconds += n.value * per;
  }
  // One amount in minutes or hours is kept in minutes, as a bare number would be.
  const [only] = units;
  if (units.size === 1 && only !== 1) return { ok: true, value: { minutes: seconds / 60 } };
  return { ok: true, value: { seconds } };
}
