/**
 * Usage rows from a spreadsheet (CSV or TSV, `,` `;` or tab, with or without a
 * byte-order mark) as usage events: the columns guessed from the header or
 * mapped by the user, feature names matched forgivingly, dates in ISO and the
 * common US and European forms (an ambiguous one is asked about, never guessed),
 * durations as minutes, seconds, `mm:ss`, `h:mm:ss` or with units (`90s`, `1h 5m`), numbers by the
 * shared rule of `typed.ts`. One quantity column holds the generations of a
 * per-generation feature and the videos of a timed one. Rows already in the
 * account are skipped and counted, so importing the same file twice adds nothing;
 * rows with no date (a totals line) are skipped and counted too, and the caller
 * may skip any row. Every bad row is reported by its row number, its column and
 * the rule, with features by their names.
 */
import { format, isValid, parse } from 'date-fns';
import Papa from 'papaparse';
import { RATE_CARD_2026_11, rateOf, type FeatureId, type Rate } from './catalog/rateCard.ts';
import { isIsoDate } from './dates.ts';
import { ledgerCompute } from './engine/ledger.ts';
import { lastEventDate } from './engine/replay.ts';
import type { Progress } from './engine/incremental.ts';
import type { AppError } from './errors.ts';
import type { IsoDate } from './units.ts';
import { accountEventSchema, usageIsValid, type Account, type UsageEvent } from './formats/account.ts';
import { csvCellRead } from './formats/csvText.ts';
import { memberKey } from './formats/fields.ts';
import { IMPORT_FIELD_LABELS, IMPORT_FIELDS, type DateFormat, type ImportField } from './formats/importFields.ts';
import { lengthRead, lengthSeconds, numberRead, type Typed } from './formats/typed.ts';
import { featureMatch, squash } from './catalog/featureNames.ts';

export { featureMatch } from './catalog/featureNames.ts';

export { DATE_FORMATS, IMPORT_FIELD_LABELS, IMPORT_FIELDS, type DateFormat, type ImportField } from './formats/importFields.ts';

export interface ImportOptions {
  /** Which column holds each field, by header name (`''`: no column, do not guess one); the rest are guessed. */
  readonly map?: Partial<Record<ImportField, string>>;
  readonly dateFormat?: DateFormat;
  /** Feature names the file writes its own way, as the user mapped them: the cell's text (trimmed) → a rate-card feature. */
  readonly features?: Readonly<Record<string, FeatureId>>;
  /**
   * Whether the new rows are also replayed on the account (the default), so that what the engine refuses is a
   * problem of its row. A caller that replays them itself says false and names a refusal with `engineProblem`.
   */
  readonly replay?: boolean;
  /** Hears how many of the file's rows have been read, now and then. */
  readonly progress?: Progress;
  /** Rows the user chose not to import (as a spreadsheet numbers them): not read at all. */
  readonly skip?: readonly number[];
  /** Gives each new usage its id, as it is made (none: the usages have none). */
  readonly id?: () => string;
}

/** A feature name the file uses that matches none on the rate card, with how many rows use it. */
export interface UnmatchedFeature {
  readonly text: string;
  readonly rows: number;
  /** The first row that uses it. */
  readonly row: number;
}

export interface ImportProblem {
  /** The row as a spreadsheet numbers it: the header is row 1. */
  readonly row: number;
  /** The column's header, or '' for the whole file. */
  readonly column: string;
  readonly message: string;
}

export interface UsageImport {
  /** The header row, as the file has it. */
  readonly header: readonly string[];
  /** The new usages, in the file's order. */
  readonly events: readonly UsageEvent[];
  /** The row each new usage came from. */
  readonly eventRows: readonly number[];
  /** Rows already in the account (same date, feature, amount, videos and project), not added again. */
  readonly skipped: number;
  /** Rows with no date (an empty date cell, or a totals line's "Total"), not read: their numbers. */
  readonly undatedRows: readonly number[];
  /** Which column each field was read from (null: none). */
  readonly columns: Readonly<Record<ImportField, string | null>>;
  readonly problems: readonly ImportProblem[];
  /** Feature names not recognised (the first 200, in the order the file first uses them): the user maps each once. */
  readonly unmatched: readonly UnmatchedFeature[];
}

/**
 * Header names each field is read from without a mapping, squashed: its own name (the header of the app's usage
 * export) and its label on the import screen.
 */
const HEADER_NAMES = Object.fromEntries(IMPORT_FIELDS.map((f): [ImportField, readonly string[]] => [f, [squash(f), squash(IMPORT_FIELD_LABELS[f])]])) as Record<ImportField, readonly string[]>;

/** Header names each field is guessed from, squashed, when no header is named as a field is. */
const HEADER_GUESSES: Record<ImportField, readonly string[]> = {
  date: ['date', 'day', 'when', 'created', 'createdat', 'generated', 'generatedon'],
  feature: ['feature', 'type', 'kind', 'product', 'tool', 'model', 'service'],
  minutes: ['minutes', 'mins', 'min', 'lengthmin', 'lengthminutes', 'durationmin', 'durationminutes'],
  seconds: ['seconds', 'secs', 'sec', 'lengths', 'lengthseconds', 'durationsec', 'durationseconds'],
  duration: ['duration', 'length', 'runtime', 'lengthmmss', 'durationmmss'],
  count: ['count', 'generations', 'qty', 'quantity', 'number', 'amount', 'units', 'howmany'],
  videos: ['videos', 'videocount', 'copies', 'takes'],
  project: ['project', 'client', 'campaign', 'channel'],
  by: ['member', 'teammember', 'by', 'madeby', 'createdby', 'user', 'author', 'who', 'owner', 'seat'],
};

function columnsOf(header: readonly string[], map: ImportOptions['map'], problems: ImportProblem[]): Record<ImportField, number | null> {
  const columns = Object.fromEntries(IMPORT_FIELDS.map((f) => [f, null])) as Record<ImportField, number | null>;
  const used = new Set<number>();
  for (const field of IMPORT_FIELDS) {
    const name = map?.[field];
    if (name === undefined || name === '') continue;
    const i = header.findIndex((h) => h.trim() === name.trim()) >= 0 ? header.findIndex((h) => h.trim() === name.trim()) : header.findIndex((h) => squash(h) === squash(name));
    if (i < 0) problems.push({ row: 1, column: name, message: `--map ${field}=${name}: no such column; the columns are ${header.map((h) => `"${h}"`).join(', ')}` });
    else {
      columns[field] = i;
      used.add(i);
    }
  }
  // A header named as a field is that field's, before any guess takes it for another.
  for (const names of [HEADER_NAMES, HEADER_GUESSES]) {
    for (const field of IMPORT_FIELDS) {
      if (columns[field] !== null || map?.[field] !== undefined) continue;
      const i = header.findIndex((h, j) => !used.has(j) && names[field].includes(squash(h)));
      if (i >= 0) {
        columns[field] = i;
        used.add(i);
      }
    }
  }
  return columns;
}

/** No locale: the file could come from anyone. */
const NO_LOCALE = { locale: null };

/** A number in a cell, read by the shared rule with no locale: `1,500` is refused as ambiguous. */
function numberOf(cell: string): Typed<number> {
  return numberRead(cell, NO_LOCALE);
}

/** Seconds in a length cell: minutes as a number, `mm:ss`, `h:mm:ss`, or with units (`90s`, `1h 5m`). */
function durationOf(cell: string): Typed<number> {
  const length = lengthRead(cell, { unit: 'minutes', locale: null });
  return length.ok ? { ok: true, value: lengthSeconds(length.value) } : length;
}

const SLASHED = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$/;
/** A time after the date (`14:32`, `T14:32:05Z`, `, 2:32 PM`): the calendar date is the day as written. */
const TIME = /(?:[T ]|,\s*)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:Z|[+-]\d{2}:?\d{2})?$/;
/** Month names, in English: `20 Nov 2026`, `Nov 20, 2026`, `November 20 2026`. */
const DAY_MONTH = /^(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})$/;
const MONTH_DAY = /^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})$/;

/** A date cell without the time of day some exports add to it. */
function dateText(cell: string): string {
  return cell.trim().replace(TIME, '').trim();
}

/** A year as written: two digits are this century's (the app's dates run from 2000). */
const fullYear = (year: string) => (year.length === 2 ? `20${year}` : year);

/** A date cell as a calendar date, read with `dateFormat` where it is day-month or month-day. */
function dateOf(cell: string, dateFormat: DateFormat | null): IsoDate | null {
  const text = dateText(cell);
  const iso = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text);
  const named = DAY_MONTH.exec(text) ?? MONTH_DAY.exec(text);
  let date: Date | null = null;
  if (iso) date = parse(`${iso[1]}-${iso[2]}-${iso[3]}`, 'yyyy-M-d', new Date(2000, 0, 1));
  else if (named) {
    const [day, month] = DAY_MONTH.test(text) ? [named[1]!, named[2]!] : [named[2]!, named[1]!];
    date = parse(`${named[3]}-${month.slice(0, 3).toLowerCase()}-${day}`, 'yyyy-MMM-d', new Date(2000, 0, 1));
    // "Nov" and "November" are the same month; "Novembre" or "Nov2" are not English month names.
    if (isValid(date) && !format(date, 'MMMM').toLowerCase().startsWith(month.toLowerCase())) return null;
  } else {
    const m = SLASHED.exec(text);
    if (!m || dateFormat === null || dateFormat === 'YYYY-MM-DD') return null;
    const [day, month] = dateFormat === 'DD/MM/YYYY' ? [m[1], m[2]] : [m[2], m[1]];
    date = parse(`${fullYear(m[3]!)}-${month}-${day}`, 'yyyy-M-d', new Date(2000, 0, 1));
  }
  if (!isValid(date)) return null;
  const out = format(date, 'yyyy-MM-dd');
  return isIsoDate(out) ? out : null;
}

/**
 * How this file writes day and month, when the user did not say: a first part
 * over 12 is a day (European), a second part over 12 is a day (US); dates with
 * dots are European; all parts 12 or under cannot be told apart, and then null.
 */
function dateFormatOf(cells: readonly string[]): DateFormat | 'mixed' | null {
  let dayFirst = false;
  let monthFirst = false;
  let slashed = false;
  for (const cell of cells) {
    const text = dateText(cell);
    const m = SLASHED.exec(text);
    if (!m) continue;
    slashed = true;
    if (text.includes('.') || Number(m[1]) > 12) dayFirst = true;
    if (Number(m[2]) > 12) monthFirst = true;
  }
  if (dayFirst && monthFirst) return 'mixed';
  if (dayFirst) return 'DD/MM/YYYY';
  if (monthFirst) return 'MM/DD/YYYY';
  return slashed ? null : 'YYYY-MM-DD';
}

/** What makes two usages the same row: date, feature, amount, videos, project, and who made them (two members' alike usages are two). */
function usageKey(e: Pick<UsageEvent, 'date' | 'feature' | 'minutes' | 'seconds' | 'count' | 'videos' | 'project' | 'by'>): string {
  const amount = e.count !== undefined ? `n${e.count}` : `s${e.seconds ?? (e.minutes ?? 0) * 60}`;
  return `${e.date}|${e.feature}|${amount}|${e.videos ?? 1}|${e.project ?? ''}|${memberKey(e.by ?? '')}`;
}

/**
 * A usage the schema takes as it stands, as its parse would give it: the same fields, in the schema's order (type,
 * date, id, feature, minutes, seconds, count, videos, project, by). Each field is set by name: set in a loop by a
 * computed key (each usage then had a hidden class of its own), or copied by spread (`{ ...e, id }`), a million
 * imported usages made every later pass over them several times slower (the replay, the report: 0.65 s, not 0.1 s).
 */
function usageOrdered(e: UsageEvent, id = e.id): UsageEvent {
  const out: { -readonly [K in keyof UsageEvent]?: UsageEvent[K] } = { type: e.type, date: e.date };
  if (id !== undefined) out.id = id;
  out.feature = e.feature;
  if (e.minutes !== undefined) out.minutes = e.minutes;
  if (e.seconds !== undefined) out.seconds = e.seconds;
  if (e.count !== undefined) out.count = e.count;
  if (e.videos !== undefined) out.videos = e.videos;
  if (e.project !== undefined) out.project = e.project;
  if (e.by !== undefined) out.by = e.by;
  return out as UsageEvent;
}

/** How many rows are read between two reports of progress. */
const PROGRESS_ROWS = 1000;

/**
 * The engine's refusal of an imported usage as a problem of its row: `before` is how many events the account had
 * (the new ones follow them, in the file's order), `rows` the row each came from (`UsageImport.eventRows`).
 */
export function engineProblem(error: AppError, before: number, rows: readonly number[], dateColumn: string | null): ImportProblem {
  const m = /^events\[(\d+)\]/.exec(error.field ?? '');
  const i = m ? Number(m[1]) - before : -1;
  const ours = i >= 0 && i < rows.length;
  // The rule in its own words: the event's place in the account means nothing to the file.
  return { row: ours ? rows[i]! : 1, column: ours ? (dateColumn ?? 'date') : '', message: error.issues?.[0]?.message ?? error.message };
}

/** A date cell that says the row is a totals line, not a day. */
const TOTALS = /^(?:grand\s+|sub-?)?totals?:?$|^sum:?$/i;

/** The event fields an amount is given in, besides the length's one form of `mm:ss`. */
type AmountKey = 'minutes' | 'seconds' | 'count' | 'videos';

/** The separators a sheet's cells may be split by. */
const DELIMITERS = [',', ';', '\t'];

/** Papa Parse tells a file's line ending from its first megabyte, and no more. */
const HEAD = 1024 * 1024;

/**
 * The separator and line ending Papa Parse guesses for `text`, told from its first megabyte (none: let it guess from
 * the whole). Its separator is guessed from the first 10 rows, yet it splits the whole file into lines once for each
 * separator it tries: three passes over a million rows. From a head with no quote that holds those 10 rows whole,
 * the guess is the same.
 */
function sheetFormat(text: string): { delimiter: string; newline: NonNullable<Papa.ParseConfig['newline']> } | null {
  const head = text.slice(0, HEAD);
  if (head.length === text.length || head.includes('"')) return null;
  const guess = Papa.parse<string[]>(head, { delimitersToGuess: DELIMITERS, preview: 1 });
  const { delimiter, linebreak } = guess.meta;
  if (guess.errors.length > 0) return null;
  for (let k = 0, at = 0; k < 10; k++, at += linebreak.length) {
    at = head.indexOf(linebreak, at);
    if (at < 0) return null;
  }
  return { delimiter, newline: linebreak as NonNullable<Papa.ParseConfig['newline']> };
}

/** A sheet's rows (`length` of them, the header first), each given as its cells when asked. */
interface SheetRows {
  readonly length: number;
  cells(i: number): string[];
}

/**
 * A sheet's rows as Papa Parse reads them. A sheet with no quote at all it reads by splitting it into lines, then
 * each line at its separator: so are its rows read here, each line split only when it is read, so that a million
 * rows' cells are not all made and held at once.
 */
function sheetRows(text: string, problems: ImportProblem[]): SheetRows {
  const format = sheetFormat(text);
  if (format !== null && !text.includes('"')) {
    const lines = text.split(format.newline);
    return { length: lines.length, cells: (i) => lines[i]!.split(format.delimiter) };
  }
  const parsed = Papa.parse<string[]>(text, { ...format, delimitersToGuess: DELIMITERS, skipEmptyLines: false });
  // A quote left open swallows the rest of the file into one cell: never silently.
  for (const e of parsed.errors) if (e.type === 'Quotes') problems.push({ row: (e.row ?? 0) + 1, column: '', message: 'a quoted cell is not closed: the rest of the file would be read as part of it' });
  return { length: parsed.data.length, cells: (i) => parsed.data[i]! };
}

/** A usage sheet's rows, its header, the column of each field, and the problems with its shape. */
function sheetOf(text: string, options: ImportOptions): { rows: SheetRows; header: string[]; columns: Record<ImportField, number | null>; named: Record<ImportField, string | null>; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const rows = sheetRows(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, problems);
  const header = rows.length > 0 ? rows.cells(0) : [];
  const columns = columnsOf(header, options.map, problems);
  const named = Object.fromEntries(IMPORT_FIELDS.map((f) => [f, columns[f] === null ? null : header[columns[f]!]!])) as Record<ImportField, string | null>;
  let blank = true;
  for (let i = 1; i < rows.length && blank; i++) blank = !rows.cells(i).some((c) => c.trim() !== '');
  if (header.length === 0 || blank) problems.push({ row: 1, column: '', message: 'no rows: the file needs a header row and at least one usage' });
  for (const field of ['date', 'feature'] as const) {
    if (columns[field] === null && options.map?.[field] === undefined) problems.push({ row: 1, column: '', message: `no ${field} column: say which column holds the ${field} (the columns are ${header.map((h) => `"${h}"`).join(', ')})` });
  }
  return { rows, header, columns, named, problems };
}

/** The date format the rows' dates are written in (`dates`: each date text with the first row that writes it, in the rows' order), or the problem that it cannot be told (`column`: the date column's name). */
function dateFormatGuessed(dates: ReadonlyMap<string, number>, column: string): { format: DateFormat | null } | { problem: ImportProblem } {
  const guessed = dateFormatOf([...dates.keys()]);
  const slashed = [...dates].find(([date]) => SLASHED.test(dateText(date)));
  if (guessed === 'mixed' || (guessed === null && slashed)) {
    return { problem: { row: slashed![1], column, message: `${guessed === 'mixed' ? 'the dates mix day-first and month-first forms' : `"${slashed![0]}" could be day-first or month-first`}: say whether the dates are written DD/MM/YYYY or MM/DD/YYYY` } };
  }
  return { format: guessed };
}

/** The columns an amount may be given in. */
const AMOUNT_FIELDS = ['minutes', 'seconds', 'duration', 'count', 'videos'] as const;

/** The columns a length may be given in: `mm:ss`, minutes, seconds. */
type LengthField = 'duration' | 'minutes' | 'seconds';

/** The amounts a row gives, as read (a length typed as `mm:ss` is `duration`). */
type Given = Partial<Record<LengthField | 'count' | 'videos', number>>;

/** The row being read: its cells by field, where its problems go, and its event with the column each amount came from. */
interface RowRead {
  readonly named: Readonly<Record<ImportField, string | null>>;
  readonly columns: Readonly<Record<ImportField, number | null>>;
  readonly text: (field: ImportField) => string;
  readonly at: (column: string, message: string) => void;
  readonly bad: (field: ImportField, message: string) => void;
  readonly event: Record<string, unknown>;
  readonly from: Partial<Record<AmountKey, ImportField>>;
}

function put(r: RowRead, key: AmountKey, value: number, field: ImportField): void {
  r.event[key] = value;
  r.from[key] = field;
}

/** The amounts of a feature counted per item: how many (from its column, or the one length or quantity column a sheet uses for every row), and videos. */
function countedAmounts(r: RowRead, rate: Rate, given: Given, lengths: LengthField[]): void {
  const costs = `${rate.name} costs ${rate.credits} per ${rate.basis.label}`;
  if (given.count !== undefined) put(r, 'count', given.count, 'count');
  else if (r.columns.count === null) {
    const length = lengths.map((f) => ({ f, n: numberOf(r.text(f)) })).find(({ n }) => n.ok);
    if (length?.n.ok) {
      put(r, 'count', length.n.value, length.f);
      lengths.splice(lengths.indexOf(length.f), 1);
    } else if (given.videos !== undefined) {
      put(r, 'count', given.videos, 'videos');
      delete given.videos;
    }
  }
  if (r.event.count === undefined) r.at(r.named.count ?? '', `required: how many (${costs})${r.columns.count === null ? '; no column holds how many' : ''}`);
  for (const f of lengths) r.bad(f, `${rate.name} is counted per ${rate.basis.label}, not timed: leave its length empty`);
  if (given.videos !== undefined) put(r, 'videos', given.videos, 'videos');
}

/** The amounts of a feature billed by time: one length (`lengthFields`: the sheet's length columns, `mm:ss` first), and videos from a quantity. */
function timedAmounts(r: RowRead, rate: Rate, given: Given, lengths: readonly LengthField[], lengthFields: readonly LengthField[]): void {
  const costs = `${rate.name} costs ${rate.credits} per ${rate.basis.label}`;
  if (given.count !== undefined && given.videos !== undefined && given.count !== given.videos) {
    r.bad('count', `${rate.name} is billed by time: “${r.named.count}” would be its videos, and “${r.named.videos}” says ${given.videos}; leave one of them empty`);
  } else if (given.count !== undefined) put(r, 'videos', given.count, 'count');
  else if (given.videos !== undefined) put(r, 'videos', given.videos, 'videos');
  if (lengths.length === 0) r.at(r.named[lengthFields[0] ?? 'minutes'] ?? '', `required: the length, as minutes or seconds (${costs})${lengthFields.length === 0 ? '; no column holds the length' : ''}`);
  else if (lengths.length > 1) r.bad(lengths[1]!, `give one length: “${r.named[lengths[0]!]}” has it already`);
  else if (lengths[0] === 'minutes') put(r, 'minutes', given.minutes!, 'minutes');
  else put(r, 'seconds', given[lengths[0]!]!, lengths[0]!);
}

/** Read `text` as usage rows to add to `account`. */
export function usageImport(text: string, account: Account, options: ImportOptions = {}): UsageImport {
  const { rows, header, columns, named, problems } = sheetOf(text, options);
  const nothing = { header, events: [], eventRows: [], skipped: 0, undatedRows: [], columns: named, unmatched: [] };
  if (problems.length > 0) return { ...nothing, problems };

  const cell = (cells: readonly string[], field: ImportField) => (columns[field] === null ? '' : csvCellRead((cells[columns[field]!] ?? '').trim()));
  const skip = new Set(options.skip);
  const undatedRows: number[] = [];
  /** The rows to read (their places in `rows`: a row's number is one more), and each date text with the first row that writes it. */
  const body: number[] = [];
  const dateRows = new Map<string, number>();
  for (let i = 1; i < rows.length; i++) {
    const cells = rows.cells(i);
    if (skip.has(i + 1) || !cells.some((c) => c.trim() !== '')) continue;
    const date = cell(cells, 'date');
    if (date === '' || TOTALS.test(date)) {
      undatedRows.push(i + 1);
      continue;
    }
    body.push(i);
    if (!dateRows.has(date)) dateRows.set(date, i + 1);
  }
  const format = options.dateFormat === undefined ? dateFormatGuessed(dateRows, named.date!) : { format: options.dateFormat };
  if ('problem' in format) return { ...nothing, undatedRows, problems: [format.problem] };
  const dateFormat = format.format;

  const starts = account.events.filter((e) => e.type === 'subscribe').map((e) => e.date).sort()[0] ?? null;
  const existing = new Map<string, number>();
  // The members the account knows, by their name's key: a row's member is written as the account first wrote them.
  const members = new Map<string, string>();
  for (const e of account.events) {
    if (e.type !== 'usage') continue;
    const key = usageKey(e);
    existing.set(key, (existing.get(key) ?? 0) + 1);
    if (e.by !== undefined && !members.has(memberKey(e.by))) members.set(memberKey(e.by), e.by);
  }
  const memberRead = (text: string) => {
    const known = members.get(memberKey(text));
    if (known !== undefined) return known;
    members.set(memberKey(text), text);
    return text;
  };
  const events: UsageEvent[] = [];
  const rowOf: number[] = [];
  let skipped = 0;
  const unmatched = new Map<string, { text: string; rows: number; row: number }>();
  // A sheet repeats its dates and feature names: each distinct text is read once.
  const dates = new Map<string, IsoDate | null>();
  const features = new Map<string, FeatureId | null>();
  const dateRead = (text: string) => {
    let date = dates.get(text);
    if (date === undefined) dates.set(text, (date = dateOf(text, dateFormat)));
    return date;
  };
  const featureRead = (text: string) => {
    let feature = features.get(text);
    if (feature === undefined) features.set(text, (feature = (Object.hasOwn(options.features ?? {}, text) ? options.features![text]! : null) ?? featureMatch(text)));
    return feature;
  };
  /** Where a row's length is said: the length columns it has, the one typed as `mm:ss` first. */
  const lengthFields = (['duration', 'minutes', 'seconds'] as const).filter((f) => columns[f] !== null);
  // The row being read, and what reads it: made once, not for each of a million rows.
  let cells: string[] = [];
  let row = 0;
  const at = (column: string, message: string) => problems.push({ row, column, message });
  const bad = (field: ImportField, message: string) => at(named[field] ?? field, message);
  const cellText = (field: ImportField) => cell(cells, field);
  for (let k = 0; k < body.length; k++) {
    if (k % PROGRESS_ROWS === 0) options.progress?.(k, body.length);
    cells = rows.cells(body[k]!);
    row = body[k]! + 1;
    const before = problems.length;
    const date = dateRead(cell(cells, 'date'));
    if (date === null) bad('date', `"${cell(cells, 'date')}" is not a date${dateFormat === 'YYYY-MM-DD' ? ' (YYYY-MM-DD)' : ` (${dateFormat})`}, years 2000 to 2999`);
    const featureText = cell(cells, 'feature');
    const feature = featureRead(featureText);
    if (feature === null) {
      bad('feature', `unknown feature "${featureText}"; known: ${RATE_CARD_2026_11.rates.map((r) => r.name).join(', ')}`);
      const seen = unmatched.get(featureText);
      if (seen) seen.rows++;
      else if (unmatched.size < 200) unmatched.set(featureText, { text: featureText, rows: 1, row });
    }
    /** Each amount the row gives, as read, with the column it was read from. */
    const given: Given = {};
    for (const field of AMOUNT_FIELDS) {
      const amount = cell(cells, field);
      if (amount === '') continue;
      const read = field === 'duration' ? durationOf(amount) : numberOf(amount);
      if (read.ok) given[field] = read.value;
      else bad(field, read.message);
    }
    const event: Record<string, unknown> = { type: 'usage', date, feature };
    /** The column each amount of the event came from, to name in a problem with it. */
    const from: Partial<Record<AmountKey, ImportField>> = {};
    const rate = feature ? rateOf(RATE_CARD_2026_11, feature)! : undefined;
    if (rate && problems.length === before) {
      const read: RowRead = { named, columns, text: cellText, at, bad, event, from };
      const lengths = lengthFields.filter((f) => given[f] !== undefined);
      if (rate.basis.kind === 'count') countedAmounts(read, rate, given, lengths);
      else timedAmounts(read, rate, given, lengths, lengthFields);
    }
    const project = cell(cells, 'project');
    if (project !== '') event.project = project;
    const by = cell(cells, 'by');
    if (by !== '') event.by = memberRead(by);
    if (date !== null && starts !== null && date < starts) bad('date', `${date} is before the account's plan starts (${starts})`);
    if (problems.length > before) continue;
    // Most rows make a usage valid as it stands: the schema's fast path takes it.
    const checked = usageIsValid(event) ? { success: true as const, data: event } : accountEventSchema.safeParse(event);
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        const key = String(issue.path[0] ?? '');
        // Name the column the value came from (a length typed as mm:ss, a quantity read as videos).
        const field = from[key as AmountKey] ?? ((IMPORT_FIELDS as readonly string[]).includes(key) ? (key as ImportField) : 'feature');
        bad(field, issue.message);
      }
      continue;
    }
    const usage = checked.data as UsageEvent;
    // An account with no usage has none to skip: no key is made.
    const key = existing.size > 0 ? usageKey(usage) : '';
    const seen = existing.get(key) ?? 0;
    if (seen > 0) {
      existing.set(key, seen - 1);
      skipped++;
      continue;
    }
    // Made once, with its id, in the schema's order of fields: an import of a million rows copies none again.
    events.push(usageOrdered(usage, options.id?.()));
    rowOf.push(row);
  }
  options.progress?.(body.length, body.length);
  if (problems.length === 0 && events.length > 0 && options.replay !== false) {
    // The rows must also make sense to the engine, on the account they join.
    const merged = { ...account, events: [...account.events, ...events] };
    const last = lastEventDate(merged);
    const replay = last === null ? null : ledgerCompute(merged, last);
    if (replay && !replay.ok) problems.push(engineProblem(replay.error, account.events.length, rowOf, named.date));
  }
  return { header, events: problems.length ? [] : events, eventRows: problems.length ? [] : rowOf, skipped, undatedRows, columns: named, problems, unmatched: [...unmatched.values()] };
}
